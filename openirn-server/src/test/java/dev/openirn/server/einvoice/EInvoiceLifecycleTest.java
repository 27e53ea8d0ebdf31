package dev.openirn.server.einvoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.docs.GeneratedDocSection;
import dev.openirn.server.einvoice.EInvoiceLifecycle.Event;
import dev.openirn.server.einvoice.EInvoiceLifecycle.Move;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared lifecycle is the only way a status changes, and docs/architecture.md draws it. */
class EInvoiceLifecycleTest {

    @Test
    void everyMoveOutsideTheTableIsRefusedLoudlyNamingFromAndEvent() {
        List<String> refused = new ArrayList<>();
        for (EInvoiceStatus from : EInvoiceStatus.values()) {
            for (Event event : Event.values()) {
                boolean declared = EInvoiceLifecycle.MOVES.stream().anyMatch(m -> m.from() == from && m.event() == event);
                if (declared) {
                    assertThat(EInvoiceLifecycle.next(from, event)).isNotNull();
                } else {
                    assertThatThrownBy(() -> EInvoiceLifecycle.next(from, event))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(from.wireName())
                            .hasMessageContaining(event.name());
                    refused.add(from.wireName() + "/" + event);
                }
            }
        }
        assertThat(refused).contains("generated/SENT", "cancelled/REGISTERED", "failed_terminal/CANCELLED", "pending/RESUBMITTED");
    }

    @Test
    void aFinishedRowCannotBeSentOrRegisteredAgain() {
        assertThat(EInvoiceLifecycle.sources(Event.SENT)).doesNotContain(EInvoiceStatus.GENERATED, EInvoiceStatus.CANCELLED,
                EInvoiceStatus.FAILED_TERMINAL);
        assertThat(EInvoiceLifecycle.sources(Event.REGISTERED)).containsExactlyInAnyOrder(EInvoiceStatus.PENDING,
                EInvoiceStatus.QUEUED, EInvoiceStatus.FAILED_RETRIABLE);
        assertThat(EInvoiceLifecycle.sources(Event.CANCELLED)).containsExactly(EInvoiceStatus.GENERATED);
    }

    @Test
    void aTransitionOnAnEventWithNoMoveFromAnExistingRowIsRefusedBeforeAnySql() {
        // No database at all: the refusal must come before the repository touches it.
        EInvoices invoices = new EInvoices(null, null);
        Transition received = new Transition(Event.RECEIVED, false, false, null, false, null, null, true, "bug");

        assertThatThrownBy(() -> invoices.transition("einv_x", "token", received, Instant.now()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RECEIVED");
    }

    @Test
    void architectureDocDrawsTheLifecycle() throws IOException {
        GeneratedDocSection.assertUpToDate(GeneratedDocSection.docsFile("architecture.md"), "lifecycle", render());
    }

    /** A Mermaid state diagram: one arrow per pair of statuses, labelled with the events that move a row along it. */
    static String render() {
        Map<String, List<String>> arrows = new LinkedHashMap<>();
        for (Move move : EInvoiceLifecycle.MOVES) {
            String arrow = (move.from() == null ? "[*]" : move.from().wireName()) + " --> " + move.to().wireName();
            arrows.computeIfAbsent(arrow, key -> new ArrayList<>()).add(move.event().name().toLowerCase(Locale.ROOT));
        }
        StringBuilder out = new StringBuilder("```mermaid\nstateDiagram-v2\n");
        arrows.forEach((arrow, events) -> out.append("    ").append(arrow).append(" : ").append(String.join(", ", events))
                .append('\n'));
        return out.append("```\n").toString();
    }
}
