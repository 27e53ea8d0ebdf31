package dev.openirn.server.ewaybill;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every status change an e-way bill may make, declared once: {@code (from, event) → to}. Code that changes a
 * row's status asks this table for the target and for the statuses the change may leave (its SQL
 * precondition, which also guards against a concurrent change); a move outside the table is refused before
 * anything is written.
 */
public final class EwayBillLifecycle {

    /** What happened to the bill. */
    public enum Event {
        /** The API stored a new bill. */
        RECEIVED,
        /** A generate is about to be sent; until its answer is recorded its outcome is unknown. */
        SENT,
        /** NIC could not take the generate now (nothing was done): try later. */
        NIC_UNAVAILABLE,
        /** No verdict: NIC may have generated the bill, so the next attempt reads back by document first. */
        OUTCOME_UNKNOWN,
        /** NIC generated the bill (or a read-back found the one an earlier attempt made). */
        GENERATED,
        /** NIC refused the bill, or the retries ran out without it ever being generated. */
        REFUSED,
        /** A bill NIC never generated is sent again (a retry from its e-invoice, or the same request once fixed). */
        RESUBMITTED,
        /** Part-B, transporter or validity changed: the bill stays generated, its history grows. */
        AMENDED,
        /** The generator cancelled it. */
        CANCELLED,
        /** The other party rejected it. */
        REJECTED,
        /** Its validity ran out. */
        EXPIRED
    }

    /** One allowed move; {@code from} is null for a row that does not exist yet. */
    public record Move(EwayBillStatus from, Event event, EwayBillStatus to) {
    }

    public static final List<Move> MOVES = List.copyOf(moves());

    private EwayBillLifecycle() {
    }

    private static List<Move> moves() {
        List<Move> moves = new ArrayList<>();
        moves.add(new Move(null, Event.RECEIVED, EwayBillStatus.PENDING));
        for (EwayBillStatus waiting : List.of(EwayBillStatus.PENDING, EwayBillStatus.QUEUED, EwayBillStatus.FAILED_RETRIABLE)) {
            moves.add(new Move(waiting, Event.SENT, EwayBillStatus.QUEUED));
            moves.add(new Move(waiting, Event.NIC_UNAVAILABLE, EwayBillStatus.QUEUED));
            moves.add(new Move(waiting, Event.OUTCOME_UNKNOWN, EwayBillStatus.FAILED_RETRIABLE));
            moves.add(new Move(waiting, Event.GENERATED, EwayBillStatus.GENERATED));
            moves.add(new Move(waiting, Event.REFUSED, EwayBillStatus.FAILED_TERMINAL));
        }
        moves.add(new Move(EwayBillStatus.FAILED_TERMINAL, Event.RESUBMITTED, EwayBillStatus.PENDING));
        moves.add(new Move(EwayBillStatus.GENERATED, Event.AMENDED, EwayBillStatus.GENERATED));
        // An extension inside NIC's window may come just after the validity ran out.
        moves.add(new Move(EwayBillStatus.EXPIRED, Event.AMENDED, EwayBillStatus.GENERATED));
        moves.add(new Move(EwayBillStatus.GENERATED, Event.CANCELLED, EwayBillStatus.CANCELLED));
        moves.add(new Move(EwayBillStatus.GENERATED, Event.REJECTED, EwayBillStatus.REJECTED));
        moves.add(new Move(EwayBillStatus.GENERATED, Event.EXPIRED, EwayBillStatus.EXPIRED));
        return moves;
    }

    /** Where {@code event} takes a bill in status {@code from}; an IllegalStateException if the table has no such move. */
    public static EwayBillStatus next(EwayBillStatus from, Event event) {
        return MOVES.stream().filter(move -> move.from() == from && move.event() == event).map(Move::to).findFirst()
                .orElseThrow(() -> new IllegalStateException("No e-way bill move from "
                        + (from == null ? "a new row" : from.wireName()) + " on " + event));
    }

    /** The statuses a bill may be in for {@code event} to apply. */
    public static Set<EwayBillStatus> sources(Event event) {
        Set<EwayBillStatus> from = EnumSet.noneOf(EwayBillStatus.class);
        MOVES.stream().filter(move -> move.event() == event && move.from() != null).forEach(move -> from.add(move.from()));
        if (from.isEmpty()) {
            throw new IllegalStateException("No e-way bill move from an existing row on " + event);
        }
        return from;
    }

    public static List<String> sourceWireNames(Event event) {
        return sources(event).stream().map(EwayBillStatus::wireName).toList();
    }
}
