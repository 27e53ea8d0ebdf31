package dev.openirn.server.einvoice.printing;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.web.ApiException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/einvoices/{id}/pdf}: the printable tax invoice of a generated (or cancelled) e-invoice. */
@RestController
class EInvoicePdfController {

    private final EInvoiceViews views;
    private final InvoicePdf pdf;

    EInvoicePdfController(EInvoiceViews views, InvoicePdf pdf) {
        this.views = views;
        this.pdf = pdf;
    }

    // No `produces`: errors must still answer the JSON envelope whatever the client accepts.
    @GetMapping("/v1/einvoices/{id}/pdf")
    ResponseEntity<byte[]> pdf(Caller caller, @PathVariable String id) {
        EInvoice invoice = views.find(caller, id);
        if (invoice.status() != EInvoiceStatus.GENERATED && invoice.status() != EInvoiceStatus.CANCELLED
                || invoice.irn() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.not_generated", "E-invoice " + id + " is "
                    + invoice.status().wireName() + "; only a generated or cancelled e-invoice has an IRN to print.");
        }
        byte[] document = pdf.render(invoice);
        String fileName = (invoice.documentType() + "-" + invoice.invoiceNumber()).replaceAll("[^A-Za-z0-9._-]", "_") + ".pdf";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(fileName).build().toString())
                .body(document);
    }
}
