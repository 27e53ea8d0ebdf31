package dev.openirn.server.tools;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/einvoices/{id}/qr}: the QR code to print on a generated e-invoice, drawn from the
 * {@code signedQrCode} the IRP returned, as PNG (default) or SVG, {@code size} pixels square.
 */
@RestController
class EInvoiceQrController {

    private static final int DEFAULT_SIZE = 512;
    private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

    private final EInvoiceViews views;

    EInvoiceQrController(EInvoiceViews views) {
        this.views = views;
    }

    @GetMapping("/v1/einvoices/{id}/qr")
    ResponseEntity<byte[]> qr(Caller caller, @PathVariable String id,
            @RequestParam(name = "format", required = false) String format,
            @RequestParam(name = "size", required = false) String size) {
        String kind = format == null ? "png" : format.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("png") && !kind.equals("svg")) {
            throw ToolsController.invalid("format", "tools.image_type_unsupported", "format must be png or svg.");
        }
        int side = size(size);
        EInvoice invoice = views.find(caller, id);
        if (invoice.status() != EInvoiceStatus.GENERATED || invoice.signedQrCode() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.not_generated", "E-invoice " + id + " is "
                    + invoice.status().wireName() + "; only a generated e-invoice has a QR code to print.");
        }
        try {
            ResponseEntity.BodyBuilder ok = ResponseEntity.ok().cacheControl(CacheControl.noStore());
            return kind.equals("svg")
                    ? ok.contentType(SVG).body(QrImages.svg(invoice.signedQrCode(), side).getBytes(StandardCharsets.UTF_8))
                    : ok.contentType(MediaType.IMAGE_PNG).body(QrImages.png(QrImages.encode(invoice.signedQrCode(), side, side)));
        } catch (QrImages.TooLongException e) {
            throw new IllegalStateException("the IRP's signed QR code of " + id + " " + e.getMessage());
        }
    }

    private static int size(String size) {
        if (size == null) {
            return DEFAULT_SIZE;
        }
        int value;
        try {
            value = Integer.parseInt(size.trim());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < ToolsController.MIN_SIDE || value > ToolsController.MAX_SIDE) {
            throw ToolsController.invalid("size", "tools.size_out_of_range", "size must be a whole number of pixels between "
                    + ToolsController.MIN_SIDE + " and " + ToolsController.MAX_SIDE + ".");
        }
        return value;
    }
}
