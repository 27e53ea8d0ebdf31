package dev.openirn.server.tools;

import dev.openirn.server.irp.IrpSignatures;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /v1/tools/…}: decode and verify a signed QR code (text, or a photo or scan of it), decode
 * a signed invoice, render a QR code. Stateless: nothing is stored. The {@code Gstin} header that
 * OneFinOps asks for on tools is accepted and not needed (no IRP call is made).
 */
@RestController
@RequestMapping(path = "/v1/tools")
class ToolsController {

    static final int MIN_SIDE = 100;
    static final int MAX_SIDE = 2000;
    private static final int DEFAULT_SIDE = 256;

    record QrDecodeRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The signed QR code (a compact JWS) as the IRP returned it.") String signedQrCode) {
    }

    record SignedInvoiceDecodeRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The signed invoice (a compact JWS) as the IRP returned it.") String signedInvoice) {
    }

    record QrRenderRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The signed QR code to draw.") String signedQrCode,
            @Schema(minimum = "100", maximum = "2000", defaultValue = "256", description = "Pixels.") Integer width,
            @Schema(minimum = "100", maximum = "2000", defaultValue = "256", description = "Pixels.") Integer height,
            @Schema(allowableValues = {"png", "jpeg"}, defaultValue = "png") String imageType) {
    }

    record DecodedSignedInvoice(String decodedJson, String issuer, IrpSignatures.Check signature) {
    }

    private final IrpSignatures signatures;
    private final RequestJson requestJson;

    ToolsController(IrpSignatures signatures, RequestJson requestJson) {
        this.signatures = signatures;
        this.requestJson = requestJson;
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = QrDecodeRequest.class)))
    @PostMapping(path = "/qr/decode", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    DecodedQrCode decodeQr(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Gstin", required = false) String gstin) {
        QrDecodeRequest request = requestJson.read(orEmpty(body), QrDecodeRequest.class).value();
        return decodeQrText(required("signedQrCode", request.signedQrCode()), "signedQrCode");
    }

    /**
     * The same, from a photo or scan: one file part (any name; {@code image} or {@code file} preferred), PNG or
     * JPEG; or the text in a form field {@code signedQrCode}.
     */
    @PostMapping(path = "/qr/decode", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    DecodedQrCode decodeQrImage(MultipartHttpServletRequest request,
            @RequestHeader(name = "Gstin", required = false) String gstin) {
        Map<String, MultipartFile> files = request.getFileMap();
        MultipartFile file = files.containsKey("image") ? files.get("image")
                : files.containsKey("file") ? files.get("file")
                : files.size() == 1 ? files.values().iterator().next() : null;
        String textField = request.getParameter("signedQrCode");
        if (file == null && textField != null) {
            return decodeQrText(required("signedQrCode", textField), "signedQrCode");
        }
        if (file == null || file.isEmpty()) {
            throw invalid("image", "tools.image_missing", files.isEmpty()
                    ? "Send the photo or scan of the QR code as a file part named image (PNG or JPEG)."
                    : "Name the file part with the QR code image; found parts " + files.keySet() + ".");
        }
        String field = file.getName();
        BufferedImage image;
        try {
            image = QrImages.readImage(file.getBytes());
        } catch (QrImages.UnreadableImageException e) {
            throw qrNotFound(field, "The upload " + e.getMessage() + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = QrImages.read(image).orElseThrow(() -> qrNotFound(field, "No QR code could be read in the image; "
                + "photograph it flat, in focus and filling most of the picture, or paste the signed QR code text instead."));
        return decodeQrText(text, field);
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SignedInvoiceDecodeRequest.class)))
    @PostMapping(path = "/signed-invoice/decode", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    DecodedSignedInvoice decodeSignedInvoice(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Gstin", required = false) String gstin) {
        SignedInvoiceDecodeRequest request = requestJson.read(orEmpty(body), SignedInvoiceDecodeRequest.class).value();
        IrpSignatures.SignedDocument document = read("signedInvoice", required("signedInvoice", request.signedInvoice()));
        return new DecodedSignedInvoice(document.dataJson(), document.issuer(), document.signature());
    }

    /** The QR code image of {@code signedQrCode}; {@code width} and {@code height} 100 to 2000 (default 256), PNG or JPEG. */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = QrRenderRequest.class)))
    @PostMapping(path = "/qr/render", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> renderQr(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Gstin", required = false) String gstin) {
        QrRenderRequest request = requestJson.read(orEmpty(body), QrRenderRequest.class).value();
        String text = required("signedQrCode", request.signedQrCode()).trim();
        int width = side("width", request.width());
        int height = side("height", request.height());
        String type = request.imageType() == null ? "png" : request.imageType().trim().toLowerCase(Locale.ROOT);
        if (!type.equals("png") && !type.equals("jpeg") && !type.equals("jpg")) {
            throw invalid("imageType", "tools.image_type_unsupported", "imageType must be png or jpeg.");
        }
        if (text.split("\\.", -1).length != 3) {
            throw invalid("signedQrCode", "tools.not_signed", "signedQrCode is not a signed QR code: expected a compact JWS, "
                    + "three Base64url segments separated by dots.");
        }
        try {
            var matrix = QrImages.encode(text, width, height);
            return type.equals("png")
                    ? ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(QrImages.png(matrix))
                    : ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).body(QrImages.jpeg(matrix));
        } catch (QrImages.TooLongException e) {
            throw invalid("signedQrCode", "tools.qr_too_long", "signedQrCode " + e.getMessage() + ".");
        }
    }

    private DecodedQrCode decodeQrText(String text, String field) {
        IrpSignatures.SignedDocument document = read(field, text);
        if (!DecodedQrCode.looksLikeQrPayload(document.data())) {
            throw invalid(field, "tools.not_signed_qr_code", field + " is a signed document but not an e-invoice QR code"
                    + (document.data().has("DocDtls") ? "; it is a signed invoice: use POST /v1/tools/signed-invoice/decode." : "."));
        }
        return DecodedQrCode.of(document);
    }

    private IrpSignatures.SignedDocument read(String field, String text) {
        try {
            return signatures.read(text);
        } catch (IrpSignatures.NotASignedDocumentException e) {
            throw invalid(field, "tools.not_signed", field + " " + e.getMessage() + ".");
        }
    }

    private static int side(String field, Integer value) {
        if (value == null) {
            return DEFAULT_SIDE;
        }
        if (value < MIN_SIDE || value > MAX_SIDE) {
            throw invalid(field, "tools.size_out_of_range", field + " must be between " + MIN_SIDE + " and " + MAX_SIDE
                    + " pixels; got " + value + ".");
        }
        return value;
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "required", field + " is required.");
        }
        return value;
    }

    static ApiException invalid(String field, String code, String message) {
        return ApiException.validation(message, List.of(ErrorDetail.of(field, code, message)));
    }

    private static ApiException qrNotFound(String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "tools.qr_not_found", message,
                List.of(ErrorDetail.of(field, "tools.qr_not_found", message)), null, null);
    }

    private static byte[] orEmpty(byte[] body) {
        return body == null ? new byte[0] : body;
    }
}
