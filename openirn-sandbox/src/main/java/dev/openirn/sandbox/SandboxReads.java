package dev.openirn.sandbox;

import dev.openirn.gst.FinancialYear;
import dev.openirn.gst.Gstin;
import dev.openirn.nic.NicError;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** NIC's read APIs: an invoice by IRN or by document (for two days after registration), and GSTIN details. */
final class SandboxReads {

    private static final Duration READ_WINDOW = Duration.ofDays(2);

    private final SandboxAuth auth;
    private final SandboxStore store;
    private final Clock clock;
    private final SandboxTaxpayers taxpayers;

    SandboxReads(IrpSandbox config, SandboxAuth auth, SandboxStore store, SandboxTaxpayers taxpayers) {
        this.taxpayers = taxpayers;
        this.auth = auth;
        this.store = store;
        this.clock = config.clock;
    }

    Reply invoiceByIrn(SandboxRequest request, String irn) {
        return auth.authorize(request).then(session -> invoiceByIrn(session, irn));
    }

    private Reply invoiceByIrn(SandboxStore.Session session, String irn) {
        Optional<SandboxStore.StoredInvoice> found = store.invoiceByIrn(irn.toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            return Reply.nicFailure(NicError.IRN_NOT_AVAILABLE);
        }
        return readable(session, found.get());
    }

    Reply invoiceByDocument(SandboxRequest request) {
        return auth.authorize(request).then(session -> invoiceByDocument(session, request));
    }

    private Reply invoiceByDocument(SandboxStore.Session session, SandboxRequest request) {
        String docType = request.parameter("doctype");
        String docNo = request.parameter("docnum");
        String docDateText = request.parameter("docdate");
        if (docType == null || docNo == null || docDateText == null) {
            return Reply.nicFailure(NicError.INCOMPLETE_PARAMETERS);
        }
        LocalDate docDate = SchemaCheck.parseDate(docDateText);
        if (docDate == null) {
            return Reply.nicFailure(NicError.DOCUMENT_DATE_FORMAT);
        }
        return store.invoiceByDocument(session.gstin(), FinancialYear.of(docDate), docType.toUpperCase(Locale.ROOT),
                        docNo.toUpperCase(Locale.ROOT))
                .map(invoice -> readable(session, invoice))
                .orElseGet(() -> Reply.nicFailure(NicError.IRN_DETAILS_NOT_FOUND));
    }

    private Reply readable(SandboxStore.Session session, SandboxStore.StoredInvoice invoice) {
        if (!invoice.sellerGstin().equals(session.gstin())) {
            return Reply.nicFailure(NicError.NOT_USERS_INVOICE);
        }
        if (clock.instant().isAfter(invoice.ackAt().plus(READ_WINDOW))) {
            return Reply.nicFailure(NicError.OLDER_THAN_TWO_DAYS);
        }
        return Reply.nicSuccess(SandboxAuth.encrypted(session, SandboxRegistrations.invoiceDetails(invoice)));
    }

    Reply gstinDetails(SandboxRequest request, String gstin) {
        return auth.authorize(request).then(session -> gstinDetails(session, gstin));
    }

    private Reply gstinDetails(SandboxStore.Session session, String gstin) {
        if (!Gstin.hasValidFormat(gstin)) {
            return Reply.nicFailure(NicError.invalidGstin(gstin));
        }
        Optional<SandboxTaxpayers.Taxpayer> taxpayer = taxpayers.lookup(gstin);
        if (taxpayer.isEmpty()) {
            return Reply.nicFailure(new NicError("3028", "GSTIN - " + gstin + " is invalid"));
        }
        ObjectNode details = SandboxTaxpayers.gstinDetails(taxpayer.get());
        return Reply.nicSuccess(SandboxAuth.encrypted(session, details));
    }
}
