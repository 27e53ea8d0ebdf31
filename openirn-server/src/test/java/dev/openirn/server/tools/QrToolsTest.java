package dev.openirn.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tools on the real server, with QR codes and invoices the bundled sandbox signed. */
class QrToolsTest extends ServerTest {

    /**
     * A QR code NIC's sandbox signed in 2022 (published in the GPL-3.0 test suite of
     * Mittal-Analytics/gst-e-invoicing), under a key this server does not hold.
     */
    private static final String NIC_SIGNED_QR = "eyJhbGciOiJSUzI1NiIsImtpZCI6IkVEQzU3REUxMzU4QjMwMEJBOUY3OTM0MEE2Njk2ODMxRjNDODUwNDciLCJ0eXAiOiJKV1QiLCJ4NXQiOiI3Y1Y5NFRXTE1BdXA5NU5BcG1sb01mUElVRWMifQ"
            + ".eyJkYXRhIjoie1wiU2VsbGVyR3N0aW5cIjpcIjA5QUFKQ003MTkxRTFaNVwiLFwiQnV5ZXJHc3RpblwiOlwiMjlBV0dQVjcxMDdCMVoxXCIsXCJEb2NOb1wiOlwiMzVkN2RmOGQtZmNlNy00OVwiLFwiRG9jVHlwXCI6XCJJTlZcIixcIkRvY0R0XCI6XCIxMi8xMS8yMDIxXCIsXCJUb3RJbnZWYWxcIjoxMTIsXCJJdGVtQ250XCI6MSxcIk1haW5Ic25Db2RlXCI6XCI5OTg0MzFcIixcIklyblwiOlwiMzk5N2Q2ZGJlNTg1ZGJmYzkzYTg1NWNmMmFhZDFhNDEyYWM3ZGYwMjMxYWI3ODc1ODUxYTE1ZTFiYTNmNGRmNFwiLFwiSXJuRHRcIjpcIjIwMjItMDktMDkgMTM6MzM6MDBcIn0iLCJpc3MiOiJOSUMifQ"
            + ".RPd1hjjuky7Xcs550YTUXXISjrd-g11OrUZn1pS9uDq1Er-wHNeFmWmI72kEbYsL-tofo5mepnqAVKfJDeUZlGk_s597IiZMobmJb2yvEtbPiOs5Hy7lTQav3iD3XtdWIoKp26WqH1RBSCAQQEpzRwMCVO6G7oh9Uq5kf4GI1wuyj0aJT7ThNOrsM5cEyAoDTfdWvkr9MJdNLFt7mBaLMfEAyHe4DJEWJaPENJoicRwifon6FV7zGXcz1Wbxjg12o31470vaaKs2niOD-GBpkQ7W0p-Ac47CG8u2Z_q6QdFflAAWYVzGINwff_bioyXFDVdzt7RJwCDY_a7RKVvd8g";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    RunningIrpSandbox sandbox;

    /** A generated quickstart invoice as GET /v1/einvoices/{id} shows it. */
    private JsonNode generatedInvoice(String number) {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode invoice = api.get("/v1/einvoices/" + created.json().get("id").asString()).json();
        assertThat(invoice.get("status").asString()).isEqualTo("generated");
        return invoice;
    }

    @Test
    void decodesAndVerifiesTheSandboxSignedQrOfAGeneratedInvoice() throws Exception {
        String number = ApiClient.uniqueNumber("QRD-");
        JsonNode invoice = generatedInvoice(number);

        ApiClient.Reply reply = api.send(jsonPost("/v1/tools/qr/decode",
                body("signedQrCode", invoice.get("signedQrCode").asString())).header("Gstin", "29ABCDE1234F1Z5"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode decoded = reply.json();
        assertThat(decoded.get("sellerGstin").asString()).isEqualTo("29ABCDE1234F1Z5");
        assertThat(decoded.get("buyerGstin").asString()).isEqualTo("27FGHIJ5678K1Z2");
        assertThat(decoded.get("documentNumber").asString()).isEqualTo(number);
        assertThat(decoded.get("documentType").asString()).isEqualTo("INV");
        assertThat(decoded.get("documentDate").asString()).isEqualTo(invoice.get("invoiceDate").asString()).isEqualTo("2026-05-04");
        assertThat(decoded.get("totalInvoiceValue").isNumber()).isTrue();
        assertThat(decoded.get("totalInvoiceValue").decimalValue()).isEqualByComparingTo(new BigDecimal("11800"));
        assertThat(decoded.get("itemCount").asInt()).isEqualTo(1);
        assertThat(decoded.get("mainHsnCode").asString()).isEqualTo("998314");
        assertThat(decoded.get("irn").asString()).isEqualTo(invoice.get("irn").asString());
        assertThat(decoded.get("irnDate").asString()).isEqualTo(invoice.get("ackDate").asString());
        JsonNode signature = decoded.get("signature");
        assertThat(signature.get("valid").asBoolean()).isTrue();
        assertThat(signature.get("keyId").asString()).isEqualTo(sandboxThumbprint());
        assertThat(signature.get("signedBy").asString())
                .isEqualTo(sandbox.signingCertificate().getSubjectX500Principal().getName());
        assertThat(signature.get("reason").isNull()).isTrue();
    }

    @Test
    void aQrWithOneCharacterChangedInThePayloadOrTheSignatureIsDecodedButNotValid() throws Exception {
        String number = ApiClient.uniqueNumber("QRA-");
        String signed = generatedInvoice(number).get("signedQrCode").asString();
        String[] segments = signed.split("\\.");

        String payload = new String(Base64.getUrlDecoder().decode(segments[1]), StandardCharsets.UTF_8);
        String forgedNumber = "QRX-" + number.substring(4);
        assertThat(payload).contains(number);
        String alteredPayload = segments[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace(number, forgedNumber).getBytes(StandardCharsets.UTF_8)) + "." + segments[2];
        JsonNode forged = decode(alteredPayload);
        assertThat(forged.get("documentNumber").asString()).isEqualTo(forgedNumber);
        assertThat(forged.get("signature").get("valid").asBoolean()).isFalse();
        assertThat(forged.get("signature").get("keyId").asString()).isEqualTo(sandboxThumbprint());
        assertThat(forged.get("signature").get("signedBy").isNull()).isTrue();
        assertThat(forged.get("signature").get("reason").asString()).contains("does not match the signed content");

        char original = segments[2].charAt(40);
        String alteredSignature = segments[0] + "." + segments[1] + "." + segments[2].substring(0, 40)
                + (original == 'A' ? 'B' : 'A') + segments[2].substring(41);
        JsonNode badSignature = decode(alteredSignature);
        assertThat(badSignature.get("documentNumber").asString()).isEqualTo(number);
        assertThat(badSignature.get("signature").get("valid").asBoolean()).isFalse();
        assertThat(badSignature.get("signature").get("reason").asString()).contains("does not match the signed content");

        assertThat(decode(signed).get("signature").get("valid").asBoolean()).isTrue();
    }

    @Test
    void aQrSignedByAnIrpKeyThisServerDoesNotTrustIsDecodedAndNamesTheKey() throws Exception {
        JsonNode decoded = decode(NIC_SIGNED_QR);
        assertThat(decoded.get("sellerGstin").asString()).isEqualTo("09AAJCM7191E1Z5");
        assertThat(decoded.get("documentDate").asString()).isEqualTo("2021-11-12");
        assertThat(decoded.get("totalInvoiceValue").decimalValue()).isEqualByComparingTo("112");
        assertThat(decoded.get("irnDate").asString()).isEqualTo("2022-09-09T08:03:00Z");
        assertThat(decoded.get("issuer").asString()).isEqualTo("NIC");
        JsonNode signature = decoded.get("signature");
        assertThat(signature.get("valid").asBoolean()).isFalse();
        assertThat(signature.get("keyId").asString()).isEqualTo("EDC57DE1358B300BA9F79340A6696831F3C85047");
        assertThat(signature.get("reason").asString()).contains("not among the IRP signing certificates")
                .contains(sandboxThumbprint());
    }

    @Test
    void decodesTheSignedInvoice() throws Exception {
        JsonNode invoice = generatedInvoice(ApiClient.uniqueNumber("QRI-"));
        String signedInvoice = invoice.get("signedInvoice").asString();

        ApiClient.Reply reply = api.post("/v1/tools/signed-invoice/decode", body("signedInvoice", signedInvoice), null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String decodedJson = reply.json().get("decodedJson").asString();
        String signedData = JSON.readTree(new String(Base64.getUrlDecoder().decode(signedInvoice.split("\\.")[1]),
                StandardCharsets.UTF_8)).get("data").asString();
        assertThat(decodedJson).isEqualTo(signedData).contains("\"Irn\":\"" + invoice.get("irn").asString() + "\"")
                .contains("\"Version\":\"1.1\"").contains("\"ItemList\"");
        assertThat(reply.json().get("signature").get("valid").asBoolean()).isTrue();
        assertThat(reply.json().get("signature").get("keyId").asString()).isEqualTo(sandboxThumbprint());

        // The signed invoice is not a QR code, and the answer says where it belongs.
        ApiClient.Reply misplaced = api.post("/v1/tools/qr/decode", body("signedQrCode", signedInvoice), null);
        assertThat(misplaced.status()).isEqualTo(422);
        assertThat(misplaced.json().get("details").get(0).get("code").asString()).isEqualTo("tools.not_signed_qr_code");
        assertThat(misplaced.json().get("message").asString()).contains("/v1/tools/signed-invoice/decode");
    }

    @Test
    void badInputsAnswer4xxInTheErrorEnvelopeNamingTheField() {
        assertFieldError(api.post("/v1/tools/qr/decode", body("signedQrCode", "not a signed qr code"), null),
                422, "signedQrCode", "tools.not_signed");
        assertFieldError(api.post("/v1/tools/qr/decode", body("signedQrCode", "eyJhbGciOiJSUzI1NiJ9.@@@.abc"), null),
                422, "signedQrCode", "tools.not_signed");
        assertFieldError(api.post("/v1/tools/qr/decode", "{}", null), 422, "signedQrCode", "required");
        assertFieldError(api.post("/v1/tools/signed-invoice/decode", body("signedInvoice", "a.b"), null),
                422, "signedInvoice", "tools.not_signed");
        assertFieldError(api.post("/v1/tools/qr/render", "{\"signedQrCode\":\"" + NIC_SIGNED_QR + "\",\"width\":50}", null),
                422, "width", "tools.size_out_of_range");
        assertFieldError(api.post("/v1/tools/qr/render", "{\"signedQrCode\":\"" + NIC_SIGNED_QR + "\",\"height\":2001}", null),
                422, "height", "tools.size_out_of_range");
        assertFieldError(api.post("/v1/tools/qr/render", "{\"signedQrCode\":\"" + NIC_SIGNED_QR + "\",\"imageType\":\"gif\"}", null),
                422, "imageType", "tools.image_type_unsupported");
        assertFieldError(api.post("/v1/tools/qr/render", body("signedQrCode", "x".repeat(5000)), null),
                422, "signedQrCode", "tools.not_signed");
        assertFieldError(api.post("/v1/tools/qr/render", body("signedQrCode", "a." + "x".repeat(4000) + ".c"), null),
                422, "signedQrCode", "tools.qr_too_long");
        ApiClient.Reply malformed = api.post("/v1/tools/qr/decode", "{\"signedQrCode\":", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("object").asString()).isEqualTo("error");
    }

    @Test
    void aRenderedPngAndJpegReadBackToTheInput() throws Exception {
        for (String type : new String[] {"png", "jpeg"}) {
            HttpResponse<byte[]> image = bytes(jsonPost("/v1/tools/qr/render", "{\"signedQrCode\":\"" + NIC_SIGNED_QR
                    + "\",\"width\":600,\"height\":600,\"imageType\":\"" + type + "\"}"));
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/" + type);
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.body()));
            assertThat(picture.getWidth()).isGreaterThanOrEqualTo(600);
            assertThat(readQr(picture)).isEqualTo(NIC_SIGNED_QR);
        }
    }

    @Test
    void aPhoneStylePhotoOfTheQrDecodesViaMultipart() throws Exception {
        String number = ApiClient.uniqueNumber("QRP-");
        JsonNode invoice = generatedInvoice(number);
        String signed = invoice.get("signedQrCode").asString();
        HttpResponse<byte[]> rendered = bytes(jsonPost("/v1/tools/qr/render", "{\"signedQrCode\":\"" + signed
                + "\",\"width\":600,\"height\":600,\"imageType\":\"png\"}"));
        assertThat(rendered.statusCode()).isEqualTo(200);
        byte[] photo = PhoneCamera.photograph(ImageIO.read(new ByteArrayInputStream(rendered.body())));
        assertThat(photo.length).isLessThan(1024 * 1024);

        // With an Idempotency-Key too: the tools are stateless and the upload must still reach the part parser.
        ApiClient.Reply reply = api.send(multipart("image", "photo.jpg", "image/jpeg", photo).header("Idempotency-Key",
                "photo-" + number));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("irn").asString()).isEqualTo(invoice.get("irn").asString());
        assertThat(reply.json().get("documentNumber").asString()).isEqualTo(number);
        assertThat(reply.json().get("signature").get("valid").asBoolean()).isTrue();
    }

    @Test
    void anUploadWithoutAReadableQrAnswers422QrNotFound() throws Exception {
        BufferedImage blank = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 300);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(blank, "png", png);

        ApiClient.Reply noCode = api.send(multipart("image", "blank.png", "image/png", png.toByteArray()));
        assertThat(noCode.status()).isEqualTo(422);
        assertThat(noCode.json().get("code").asString()).isEqualTo("tools.qr_not_found");
        assertThat(noCode.json().get("details").get(0).get("field").asString()).isEqualTo("image");

        ApiClient.Reply notAnImage = api.send(multipart("image", "notes.txt", "text/plain",
                "just some text".getBytes(StandardCharsets.UTF_8)));
        assertThat(notAnImage.status()).isEqualTo(422);
        assertThat(notAnImage.json().get("code").asString()).isEqualTo("tools.qr_not_found");

        ApiClient.Reply broken = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/tools/qr/decode"))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                .POST(HttpRequest.BodyPublishers.ofString("--XYZ\r\nContent-Disposition: form-data; name=\"image\"; "
                        + "filename=\"cut.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG, and then the upload broke off")));
        assertThat(broken.status()).as(broken.body()).isEqualTo(400);
        assertThat(broken.json().get("code").asString()).isEqualTo("request.malformed_multipart");
    }

    @Test
    void theQrOfAGeneratedInvoiceIsItsSignedQrCodeAsPngOrSvg() throws Exception {
        JsonNode invoice = generatedInvoice(ApiClient.uniqueNumber("QRG-"));
        String id = invoice.get("id").asString();

        HttpResponse<byte[]> png = bytes(get("/v1/einvoices/" + id + "/qr"));
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(picture.getWidth()).isGreaterThanOrEqualTo(512);
        assertThat(readQr(picture)).isEqualTo(invoice.get("signedQrCode").asString());

        HttpResponse<byte[]> small = bytes(get("/v1/einvoices/" + id + "/qr?format=png&size=300"));
        assertThat(readQr(ImageIO.read(new ByteArrayInputStream(small.body())))).isEqualTo(invoice.get("signedQrCode").asString());

        HttpResponse<byte[]> svg = bytes(get("/v1/einvoices/" + id + "/qr?format=svg&size=300"));
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(new String(svg.body(), StandardCharsets.UTF_8)).contains("<svg").contains("width=\"300\"").contains("<path");

        assertFieldError(api.get("/v1/einvoices/" + id + "/qr?size=5000"), 422, "size", "tools.size_out_of_range");
        assertFieldError(api.get("/v1/einvoices/" + id + "/qr?format=gif"), 422, "format", "tools.image_type_unsupported");
        assertThat(api.get("/v1/einvoices/einv_nonexistent/qr").status()).isEqualTo(404);
    }

    @Test
    void aCancelledInvoiceHasNoQrToPrint() {
        JsonNode invoice = generatedInvoice(ApiClient.uniqueNumber("QRC-"));
        String id = invoice.get("id").asString();
        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + id + "/cancel", "{\"reasonCode\":\"1\",\"remarks\":\"Duplicate\"}", null);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        ApiClient.Reply reply = api.get("/v1/einvoices/" + id + "/qr");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("code").asString()).isEqualTo("einvoice.not_generated");
        assertThat(reply.json().get("object").asString()).isEqualTo("error");
    }

    private JsonNode decode(String signedQrCode) {
        ApiClient.Reply reply = api.post("/v1/tools/qr/decode", body("signedQrCode", signedQrCode), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static void assertFieldError(ApiClient.Reply reply, int status, String field, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json();
        assertThat(error.get("object").asString()).isEqualTo("error");
        assertThat(error.get("httpStatus").asInt()).isEqualTo(status);
        assertThat(error.get("details").get(0).get("field").asString()).isEqualTo(field);
        assertThat(error.get("details").get(0).get("code").asString()).isEqualTo(code);
    }

    private static String body(String field, String value) {
        return JSON.writeValueAsString(Map.of(field, value));
    }

    private String sandboxThumbprint() throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(sandbox.signingCertificate().getEncoded()));
    }

    /**
     * Plain ZXing, told only that the image is a pure barcode (a render is one). Without that hint its
     * finder-pattern search misses about one in fifteen crisp codes of signed-QR length, depending on
     * the content; see QrImagesTest.
     */
    private static String readQr(BufferedImage image) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private HttpRequest.Builder jsonPost(String path, String json) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).header("Authorization", "Bearer " + api.token()).GET();
    }

    private HttpRequest.Builder multipart(String part, String fileName, String contentType, byte[] content) {
        String boundary = "openirn-test-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/tools/qr/decode"))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
