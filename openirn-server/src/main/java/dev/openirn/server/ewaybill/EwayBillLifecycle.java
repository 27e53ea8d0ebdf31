package dev.openirn.server.ewaybill;

import dev.openirn.server.support.TransitionTable;
import java.util.ArrayList;
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
    public record Move(EwayBillStatus from, Event event, EwayBillStatus to) implements TransitionTable.Transition<EwayBillStatus, Event> {
    }

    private static final TransitionTable<EwayBillStatus, Event, Move> TABLE =
            new TransitionTable<>("e-way bill", EwayBillStatus.class, EwayBillStatus::wireName, moves());

    public static final List<Move> MOVES = TABLE.moves();

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
        // A cancel or reject NIC took while the bill was valid, whose answer is recorded after our clock expired it.
        moves.add(new Move(EwayBillStatus.EXPIRED, Event.CANCELLED, EwayBillStatus.CANCELLED));
        moves.add(new Move(EwayBillStatus.EXPIRED, Event.REJECTED, EwayBillStatus.REJECTED));
        moves.add(new Move(EwayBillStatus.GENERATED, Event.EXPIRED, EwayBillStatus.EXPIRED));
        return moves;
    }

    /** Where {@code event} takes a row in status {@code from} (null: a new row); an IllegalStateException if the table has no such move. */
    public static EwayBillStatus next(EwayBillStatus from, Event event) {
        return TABLE.next(from, event);
    }

    /** The statuses a row may be in for {@code event} to apply: the precondition of its SQL. */
    public static Set<EwayBillStatus> sources(Event event) {
        return TABLE.sources(event);
    }

    /** {@link #sources} as the status values stored in the database. */
    public static List<String> sourceWireNames(Event event) {
        return TABLE.sourceWireNames(event);
    }
}
