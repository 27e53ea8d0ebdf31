package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A bulk batch ({@code /v1/einvoices/batches}): its state and its items counted by status. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class EInvoiceBatch extends ApiObject<EInvoiceBatch> {
    private String id;
    private String status;
    private Map<String, Long> counts = new LinkedHashMap<>();
    private String createdAt;
    private String completedAt;
    public String id() {
        return id;
    }

    /** {@code processing} until every item is final, then {@code completed}. */
    public String status() {
        return status;
    }

    public boolean isCompleted() {
        return "completed".equals(status);
    }

    /** Items by the status of their e-invoice ({@code generated}, {@code invalid}, …) and {@code total}. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public long count(String itemStatus) {
        return counts.getOrDefault(itemStatus, 0L);
    }

    public String createdAt() {
        return createdAt;
    }

    public String completedAt() {
        return completedAt;
    }

    /** One item of a batch, in submission order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Item {
        private int index;
        private String idempotencyKey;
        private String eInvoiceId;
        private String status;
        private String irn;
        private String ackNumber;
        private String ackDate;
        private List<ErrorDetail> errors = List.of();
        private List<ErrorDetail> warnings = List.of();

        public int index() {
            return index;
        }

        /** The item's key: the one sent, or the one derived from its document. */
        public String idempotencyKey() {
            return idempotencyKey;
        }

        /** Its e-invoice; null for an {@code invalid} item. */
        public String eInvoiceId() {
            return eInvoiceId;
        }

        public String status() {
            return status;
        }

        /** The IRN once its e-invoice is generated, else null. */
        public String irn() {
            return irn;
        }

        public String ackNumber() {
            return ackNumber;
        }

        /** The IRP's acknowledgement time (ISO-8601), else null. */
        public String ackDate() {
            return ackDate;
        }

        /** Why an {@code invalid} or failed item was refused. */
        public List<ErrorDetail> errors() {
            return errors;
        }

        /** Rules the document bends that the validation profile lets through. */
        public List<ErrorDetail> warnings() {
            return warnings == null ? List.of() : warnings;
        }
    }
}
