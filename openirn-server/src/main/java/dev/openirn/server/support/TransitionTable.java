package dev.openirn.server.support;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A declared state machine: the allowed moves {@code (from, event) → to} of one kind of row, asked for the
 * target of an event and for the statuses it may leave (the SQL precondition of the change). A move that is
 * not declared is refused with an IllegalStateException before anything is written.
 */
public final class TransitionTable<S extends Enum<S>, E, M extends TransitionTable.Transition<S, E>> {

    /** One allowed move; {@code from} is null for a row that does not exist yet. */
    public interface Transition<S, E> {
        S from();

        E event();

        S to();
    }

    private final String subject;
    private final Class<S> statusType;
    private final Function<S, String> wireName;
    private final List<M> moves;

    /** {@code subject} names the row in refusals ("e-invoice"); {@code wireName} is a status as stored. */
    public TransitionTable(String subject, Class<S> statusType, Function<S, String> wireName, List<M> moves) {
        this.subject = subject;
        this.statusType = statusType;
        this.wireName = wireName;
        this.moves = List.copyOf(moves);
    }

    public List<M> moves() {
        return moves;
    }

    /** Where {@code event} takes a row in status {@code from} (null: a new row). */
    public S next(S from, E event) {
        return moves.stream().filter(move -> move.from() == from && move.event() == event).map(Transition::to).findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + subject + " move from "
                        + (from == null ? "a new row" : wireName.apply(from)) + " on " + event));
    }

    /** The statuses a row may be in for {@code event} to apply; refused for an event that only creates rows. */
    public Set<S> sources(E event) {
        Set<S> from = EnumSet.noneOf(statusType);
        moves.stream().filter(move -> move.event() == event && move.from() != null).forEach(move -> from.add(move.from()));
        if (from.isEmpty()) {
            throw new IllegalStateException("No " + subject + " move from an existing row on " + event);
        }
        return from;
    }

    /** {@link #sources} as the status values stored in the database. */
    public List<String> sourceWireNames(E event) {
        return sources(event).stream().map(wireName).toList();
    }
}
