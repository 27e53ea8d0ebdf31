package dev.openirn.server.einvoice;

import dev.openirn.server.support.TransitionTable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every status change an e-invoice may make, declared once: {@code (from, event) → to}. Code that
 * changes a row's status asks this table for the target and for the statuses the change may leave
 * (its SQL precondition, which also guards against a concurrent change); a move outside the table
 * is a bug and is refused before anything is written. docs/architecture.md draws this table.
 */
public final class EInvoiceLifecycle {

    /** What happened to the row. */
    public enum Event {
        /** The API stored a new document. */
        RECEIVED,
        /** A request is about to go to the IRP (or went, recorded together with its outcome). */
        SENT,
        /** The circuit to the IRP is open: nothing was sent, try later. */
        IRP_UNAVAILABLE,
        /** No verdict from the IRP (no answer, its own fault, an unverifiable answer): it may have registered the document. */
        OUTCOME_UNKNOWN,
        /** The IRP registered the document. */
        REGISTERED,
        /** The IRP already held our document (an earlier attempt registered it) and we took its registration. */
        ADOPTED,
        /** The IRP refused the document or the API user, or holds different data under its number; or no API user is configured. */
        REJECTED,
        /** The retry deadline passed and the IRP confirmed it never registered the document. */
        GAVE_UP,
        /** A corrected (or the same, once its blocker is fixed) document replaces one the IRP never registered. */
        RESUBMITTED,
        /** A cancel is stored and leased before it goes to the IRP. */
        CANCEL_REQUESTED,
        /** The IRP could not take the cancel now; it stays stored for the cancel worker. */
        CANCEL_DEFERRED,
        /** The IRP refused the cancel (or it can no longer be sent); the request is dropped. */
        CANCEL_REFUSED,
        /** The IRP cancelled the IRN (or reports it cancelled already). */
        CANCELLED
    }

    /** One allowed move; {@code from} is null for a row that does not exist yet. */
    public record Move(EInvoiceStatus from, Event event, EInvoiceStatus to) implements TransitionTable.Transition<EInvoiceStatus, Event> {
    }

    private static final Set<EInvoiceStatus> AWAITING_IRP = EnumSet.of(EInvoiceStatus.PENDING, EInvoiceStatus.QUEUED,
            EInvoiceStatus.FAILED_RETRIABLE);

    /** The table. Status {@code not_applicable} is accepted by the schema but no code path reaches it. */
    private static final TransitionTable<EInvoiceStatus, Event, Move> TABLE =
            new TransitionTable<>("e-invoice", EInvoiceStatus.class, EInvoiceStatus::wireName, moves());

    public static final List<Move> MOVES = TABLE.moves();

    private EInvoiceLifecycle() {
    }

    private static List<Move> moves() {
        List<Move> moves = new java.util.ArrayList<>();
        moves.add(new Move(null, Event.RECEIVED, EInvoiceStatus.PENDING));
        for (EInvoiceStatus waiting : AWAITING_IRP) {
            moves.add(new Move(waiting, Event.SENT, EInvoiceStatus.QUEUED));
            moves.add(new Move(waiting, Event.IRP_UNAVAILABLE, EInvoiceStatus.QUEUED));
            moves.add(new Move(waiting, Event.OUTCOME_UNKNOWN, EInvoiceStatus.FAILED_RETRIABLE));
            moves.add(new Move(waiting, Event.REGISTERED, EInvoiceStatus.GENERATED));
            moves.add(new Move(waiting, Event.ADOPTED, EInvoiceStatus.GENERATED));
            moves.add(new Move(waiting, Event.REJECTED, EInvoiceStatus.FAILED_TERMINAL));
            moves.add(new Move(waiting, Event.GAVE_UP, EInvoiceStatus.FAILED_TERMINAL));
        }
        moves.add(new Move(EInvoiceStatus.FAILED_TERMINAL, Event.RESUBMITTED, EInvoiceStatus.PENDING));
        moves.add(new Move(EInvoiceStatus.GENERATED, Event.CANCEL_REQUESTED, EInvoiceStatus.GENERATED));
        moves.add(new Move(EInvoiceStatus.GENERATED, Event.CANCEL_DEFERRED, EInvoiceStatus.GENERATED));
        moves.add(new Move(EInvoiceStatus.GENERATED, Event.CANCEL_REFUSED, EInvoiceStatus.GENERATED));
        moves.add(new Move(EInvoiceStatus.GENERATED, Event.CANCELLED, EInvoiceStatus.CANCELLED));
        return moves;
    }

    /** Where {@code event} takes a row in status {@code from} (null: a new row); an IllegalStateException if the table has no such move. */
    public static EInvoiceStatus next(EInvoiceStatus from, Event event) {
        return TABLE.next(from, event);
    }

    /** The statuses a row may be in for {@code event} to apply: the precondition of its SQL. */
    public static Set<EInvoiceStatus> sources(Event event) {
        return TABLE.sources(event);
    }

    /** {@link #sources} as the status values stored in the database. */
    public static List<String> sourceWireNames(Event event) {
        return TABLE.sourceWireNames(event);
    }
}
