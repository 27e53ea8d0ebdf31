package dev.openirn.server.einvoice.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.web.ErrorDetail;
import java.time.Instant;
import java.util.List;

/**
 * A bulk batch as {@code GET /v1/einvoices/batches/{id}} shows it: its progress counted by the current status
 * of each item's e-invoice, and (on that route only) a page of its items.
 */
@JsonPropertyOrder({"id", "object", "status", "counts", "createdAt", "completedAt", "items"})
public record BatchView(
        String id,
        String object,
        String status,
        BatchCounts counts,
        Instant createdAt,
        Instant completedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) BatchItemPage items) {

    static final String OBJECT = "einvoice_batch";
    static final String PROCESSING = "processing";
    static final String COMPLETED = "completed";

    BatchView withItems(BatchItemPage page) {
        return new BatchView(id, object, status, counts, createdAt, completedAt, page);
    }

    /** How many items are in each state; {@code invalid} items never became e-invoices. */
    @JsonPropertyOrder({"total", "invalid", "pending", "queued", "generated", "failed_retriable", "failed_terminal", "cancelled"})
    public record BatchCounts(
            int total,
            int invalid,
            int pending,
            int queued,
            int generated,
            @JsonProperty("failed_retriable") int failedRetriable,
            @JsonProperty("failed_terminal") int failedTerminal,
            int cancelled) {

        /** Every item is in a final state: nothing is left for the worker. */
        boolean allFinal() {
            return pending == 0 && queued == 0 && failedRetriable == 0;
        }
    }

    /**
     * One item: its position in the submitted array, its key (the client's, or derived from the document),
     * its e-invoice (null when invalid), that e-invoice's status (or {@code invalid}), what went wrong, and once
     * generated its IRN and acknowledgement, so that a client reads an import's results from the pages alone.
     */
    @JsonPropertyOrder({"index", "idempotencyKey", "eInvoiceId", "status", "irn", "ackNumber", "ackDate", "errors", "warnings"})
    public record BatchItem(
            int index,
            String idempotencyKey,
            @JsonProperty("eInvoiceId") String eInvoiceId,
            String status,
            String irn,
            String ackNumber,
            Instant ackDate,
            List<ErrorDetail> errors,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorDetail> warnings) {
    }

    /** A page of items in submission order; {@code nextCursor} is passed back as {@code cursor} for the next page. */
    @JsonPropertyOrder({"data", "hasMore", "nextCursor"})
    public record BatchItemPage(List<BatchItem> data, boolean hasMore, String nextCursor) {
    }

    /** A page of batches, newest first, without their items. */
    @JsonPropertyOrder({"object", "data", "hasMore", "nextCursor"})
    public record BatchPage(String object, List<BatchView> data, boolean hasMore, String nextCursor) {
    }
}
