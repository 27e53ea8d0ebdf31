package dev.openirn.server.einvoice;

import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.support.SignedPayloadSplice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns the status changes of e-invoices into events, inside the transaction that records them:
 * {@code generated}, {@code failed} (reached {@code failed_terminal}), {@code cancelled}, and
 * {@code retrying} when the first attempt ends {@code failed_retriable}. The event's {@code data} is
 * the e-invoice as {@code GET /v1/einvoices/{id}} shows it right after the change.
 */
@Component
public class EInvoiceEventPublisher {

    private final JdbcClient jdbc;
    private final EventOutbox outbox;
    private final StoredWarnings warnings;

    EInvoiceEventPublisher(JdbcClient jdbc, EventOutbox outbox, StoredWarnings warnings) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.warnings = warnings;
    }

    /** The event a change from {@code from} to {@code to} on attempt {@code attempt} announces, or null. */
    static EventType eventFor(EInvoiceStatus from, EInvoiceStatus to, int attempt) {
        if (from == to) {
            return null;
        }
        return switch (to) {
            case GENERATED -> EventType.EINVOICE_GENERATED;
            case FAILED_TERMINAL -> EventType.EINVOICE_FAILED;
            case CANCELLED -> EventType.EINVOICE_CANCELLED;
            case FAILED_RETRIABLE -> attempt == 1 ? EventType.EINVOICE_RETRYING : null;
            default -> null;
        };
    }

    /** Called for every recorded status change, after the row itself was updated in the same transaction. */
    void statusChanged(String id, EInvoiceStatus from, EInvoiceStatus to, int attempt, Instant at) {
        if (eventFor(from, to, attempt) == null) {
            return;
        }
        EInvoices.Stored row = jdbc.sql("select " + EInvoices.COLUMNS + ", " + EInvoices.CANCEL_COLUMNS + " from einvoice where id = :id")
                .param("id", id)
                .query((rs, n) -> new EInvoices.Stored(EInvoices.map(rs, n), EInvoices.mapCancelState(rs, n)))
                .single();
        statusChanged(row, from, to, attempt, at);
    }

    /** As above, for a change that returned the row as it left it: nothing is read again. */
    void statusChanged(EInvoices.Stored row, EInvoiceStatus from, EInvoiceStatus to, int attempt, Instant at) {
        EventType type = eventFor(from, to, attempt);
        if (type == null) {
            return;
        }
        EInvoice invoice = row.invoice();
        EInvoiceView view = EInvoiceView.of(invoice, warnings.of(invoice),
                invoice.status() == EInvoiceStatus.GENERATED ? row.cancel() : null);
        // Stored by reference to the row's signed payloads when the view shows them (several KB per event).
        SignedPayloadSplice.OfRow signedPayloads = new SignedPayloadSplice.OfRow(invoice.id(),
                utf8(view.signedQrCode()), utf8(view.signedInvoice()));
        outbox.publish(invoice.organizationId(), invoice.environment(), type, invoice.id(), view, signedPayloads, at);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
