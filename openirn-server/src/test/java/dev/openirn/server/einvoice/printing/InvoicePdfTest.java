package dev.openirn.server.einvoice.printing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.OrganizationPrintSettings;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/einvoices/{id}/pdf} against the real server and the sandbox IRP: read back as text and as a scanned image. */
class InvoicePdfTest extends ServerTest {

    /** Where the test leaves the rendered first pages, to be looked at. */
    private static final Path PREVIEW_DIR = Path.of(System.getProperty("java.io.tmpdir"), "openirn-pdf-preview");

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    EInvoices invoices;

    @Autowired
    ApiClients clients;

    @Autowired
    OrganizationPrintSettings printSettings;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode generated(String body) {
        ApiClient.Reply created = api.post("/v1/einvoices", body, null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private HttpResponse<byte[]> pdf(ApiClient client, String id) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/v1/einvoices/" + id + "/pdf"))
                    .header("Authorization", "Bearer " + client.token()).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] pdfOf(String id) {
        HttpResponse<byte[]> response = pdf(api, id);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        return response.body();
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static BufferedImage firstPage(byte[] pdf, int dpi, String previewName) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, dpi, ImageType.RGB);
            Files.createDirectories(PREVIEW_DIR);
            ImageIO.write(image, "png", PREVIEW_DIR.resolve(previewName).toFile());
            return image;
        }
    }

    private static String decodeQr(BufferedImage image) throws NotFoundException {
        var reader = new MultiFormatReader();
        Map<DecodeHintType, Object> hints = Map.of(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE),
                DecodeHintType.TRY_HARDER, Boolean.TRUE);
        Result result = reader.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints);
        return result.getText();
    }

    @Test
    void generatedInvoicePrintsEverythingAndItsQrScansBackToTheSignedQrCode() throws Exception {
        JsonNode einvoice = generated(ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("PDF-")));
        String id = einvoice.get("id").asString();

        byte[] pdf = pdfOf(id);

        String text = text(pdf);
        assertThat(text).contains("TAX INVOICE", einvoice.get("irn").asString(), einvoice.get("ackNumber").asString(),
                "29ABCDE1234F1Z5", "27FGHIJ5678K1Z2", "Acme Pvt Ltd", "Globex Pvt Ltd", einvoice.get("invoiceNumber").asString(),
                "Consulting services", "998314", "10,000.00", "1,800.00", "11,800.00", "\u20B9",
                "Rupees Eleven Thousand Eight Hundred Only", "MAHARASHTRA (27)", "KARNATAKA (29)");
        assertThat(text).doesNotContain("CANCELLED");

        // Printed at 40 mm and scanned at 200 dpi, as a phone would see paper.
        BufferedImage page = firstPage(pdf, 200, "generated.png");
        BufferedImage topRight = page.getSubimage(page.getWidth() / 2, 0, page.getWidth() / 2, page.getHeight() / 4);
        assertThat(decodeQr(topRight)).isEqualTo(einvoice.get("signedQrCode").asString());
    }

    @Test
    void cancelledInvoicePrintsCancelledWithoutTheSignedQrCode() throws Exception {
        JsonNode einvoice = generated(ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("PDFC-")));
        String id = einvoice.get("id").asString();
        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + id + "/cancel",
                "{\"reasonCode\": \"2\", \"remarks\": \"Wrong buyer GSTIN\"}", null);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        byte[] pdf = pdfOf(id);

        String text = text(pdf);
        assertThat(text).contains("CANCELLED", "Wrong buyer GSTIN", einvoice.get("irn").asString());
        BufferedImage page = firstPage(pdf, 200, "cancelled.png");
        BufferedImage topRight = page.getSubimage(page.getWidth() / 2, 0, page.getWidth() / 2, page.getHeight() / 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decodeQr(topRight)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anInvoiceWithoutAnIrnYetIs409AndAnotherTenantGets404() {
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        String id;
        try {
            ApiClient.Reply queued = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("PDFQ-")), null);
            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            id = queued.json().get("id").asString();

            HttpResponse<byte[]> response = pdf(api, id);
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode error = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
            assertThat(error.get("object").asString()).isEqualTo("error");
            assertThat(error.get("code").asString()).isEqualTo("einvoice.not_generated");
            assertThat(error.get("httpStatus").asInt()).isEqualTo(409);
        } finally {
            sandbox.clearFaults();
        }

        Tenants.Tenant stranger = new Tenants(clients, port).client("pdf-stranger-" + UUID.randomUUID(), ApiEnvironment.TEST);
        HttpResponse<byte[]> foreign = pdf(stranger.api(), id);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(new String(foreign.body())).contains("\"code\":\"not_found\"");
    }

    @Test
    void manyLinesContinueOnFurtherPagesWithNothingLeftOut() throws Exception {
        JsonNode einvoice = generated(ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("PDFM-")));
        EInvoice stored = invoices.get(einvoice.get("id").asString()).orElseThrow();
        // The stored document with 90 lines: only the rendering is under test here.
        ObjectNode payload = (ObjectNode) NicJson.parse(stored.nicPayload());
        ArrayNode items = NicJson.tree().createArrayNode();
        for (int i = 1; i <= 90; i++) {
            ObjectNode item = ((ObjectNode) payload.get("ItemList").get(0)).deepCopy();
            item.put("SlNo", Integer.toString(i));
            item.put("PrdDesc", "Consulting services, work package " + i + " of the annual maintenance contract");
            items.add(item);
        }
        payload.set("ItemList", items);
        EInvoice longInvoice = stored.withDocument(stored.clientId(), new EInvoice.Document(stored.supplyType(),
                stored.sellerGstin(), stored.buyerGstin(), stored.documentType(), stored.invoiceNumber(),
                stored.invoiceDate(), stored.financialYear(), stored.totalInvoiceValue(), stored.expectedIrn(),
                NicJson.write(payload), stored.payloadHash(), stored.warnings()));

        byte[] pdf = new InvoicePdf(new PrintingProperties("", null)).render(longInvoice);

        try (PDDocument document = Loader.loadPDF(pdf)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(1);
            String text = new PDFTextStripper().getText(document);
            for (int i = 1; i <= 90; i++) {
                assertThat(text).containsPattern("work package " + i + "\\s+of the annual");
            }
            assertThat(text).contains("Page " + pages + " of " + pages, "Amount in words");
            PDFTextStripper lastPage = new PDFTextStripper();
            lastPage.setStartPage(pages);
            assertThat(lastPage.getText(document)).contains("Description", "Total invoice value",
                    "IRN " + einvoice.get("irn").asString() + "  (continued)");
            Files.createDirectories(PREVIEW_DIR);
            ImageIO.write(new PDFRenderer(document).renderImageWithDPI(pages - 1, 110, ImageType.RGB), "png",
                    PREVIEW_DIR.resolve("many-lines-last-page.png").toFile());
        }
    }

    @Test
    void footerTextLogoAndDevanagariNamesAreRendered() throws Exception {
        String body = ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("PDFL-"))
                .replace("\"legalName\": \"Globex Pvt Ltd\",", "\"legalName\": \"Globex Pvt Ltd\", \"tradeName\": \"भारत ग्लोबेक्स हिन्दी\",");
        JsonNode einvoice = generated(body);
        Path logo = Files.createTempFile("openirn-logo-", ".png");
        BufferedImage image = new BufferedImage(120, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0x1E, 0x88, 0xE5));
        graphics.fillRect(0, 0, 120, 40);
        graphics.dispose();
        ImageIO.write(image, "png", logo.toFile());
        InvoicePdf renderer = new InvoicePdf(new PrintingProperties("Thank you for your business. Acme Pvt Ltd, Bengaluru.", logo));

        byte[] pdf = renderer.render(invoices.get(einvoice.get("id").asString()).orElseThrow());

        String text = text(pdf);
        assertThat(text).contains("Thank you for your business. Acme Pvt Ltd, Bengaluru.", "भारत");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(0);
            assertThat(page.getResources().getXObjectNames()).as("the logo image").hasSize(1);
        }
        firstPage(pdf, 110, "logo-footer.png");
        Files.deleteIfExists(logo);
    }

    private static byte[] png(Color color) throws IOException {
        BufferedImage image = new BufferedImage(120, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, 120, 40);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int imagesOnFirstPage(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDResources resources = document.getPage(0).getResources();
            int images = 0;
            for (var name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject) {
                    images++;
                }
            }
            return images;
        }
    }

    @Test
    void eachOrganizationPrintsItsOwnFooterAndLogoAndOneWithoutSettingsFallsBackToTheGlobalOnes() throws Exception {
        Tenants tenants = new Tenants(clients, port);
        Tenants.Tenant withLogo = tenants.client("print-logo-" + UUID.randomUUID(), ApiEnvironment.TEST);
        Tenants.Tenant footerOnly = tenants.client("print-footer-" + UUID.randomUUID(), ApiEnvironment.TEST);
        Tenants.Tenant plain = tenants.client("print-plain-" + UUID.randomUUID(), ApiEnvironment.TEST);
        printSettings.apply(withLogo.organizationId(), new OrganizationPrintSettings.Change(
                "Acme Bengaluru: bank HDFC 0001.\nSubject to Bengaluru jurisdiction.", false,
                png(new Color(0xE5, 0x39, 0x35)), "image/png", false));
        printSettings.apply(footerOnly.organizationId(), new OrganizationPrintSettings.Change(
                "Globex Pune: thank you for your business.", false, null, null, false));
        String logoInvoice = tenantInvoice(withLogo, "PDFO-");
        String footerInvoice = tenantInvoice(footerOnly, "PDFO-");
        String plainInvoice = tenantInvoice(plain, "PDFO-");

        byte[] logoPdf = pdfOf(withLogo.api(), logoInvoice);
        byte[] footerPdf = pdfOf(footerOnly.api(), footerInvoice);
        byte[] plainPdf = pdfOf(plain.api(), plainInvoice);

        assertThat(text(logoPdf)).contains("Acme Bengaluru: bank HDFC 0001.", "Subject to Bengaluru jurisdiction.")
                .doesNotContain("Globex Pune");
        assertThat(imagesOnFirstPage(logoPdf)).as("the organization's logo").isEqualTo(1);
        assertThat(text(footerPdf)).contains("Globex Pune: thank you for your business.").doesNotContain("Acme Bengaluru");
        assertThat(imagesOnFirstPage(footerPdf)).as("no logo anywhere").isZero();
        // The test server has no global footer: the built-in one applies.
        assertThat(text(plainPdf)).contains("Computer-generated e-invoice").doesNotContain("Acme Bengaluru", "Globex Pune");
        firstPage(logoPdf, 110, "organization-logo-footer.png");

        // With global settings, each field an organization did not set falls back to its global value.
        Path globalLogo = Files.createTempFile("openirn-global-logo-", ".png");
        try {
            Files.write(globalLogo, png(new Color(0x1E, 0x88, 0xE5)));
            InvoicePdf withGlobals = new InvoicePdf(new PrintingProperties("Global footer of this OpenIRN.", globalLogo), printSettings);
            byte[] plainWithGlobals = withGlobals.render(invoices.get(plainInvoice).orElseThrow());
            assertThat(text(plainWithGlobals)).contains("Global footer of this OpenIRN.");
            assertThat(imagesOnFirstPage(plainWithGlobals)).isEqualTo(1);
            byte[] footerWithGlobals = withGlobals.render(invoices.get(footerInvoice).orElseThrow());
            assertThat(text(footerWithGlobals)).contains("Globex Pune").doesNotContain("Global footer");
            assertThat(imagesOnFirstPage(footerWithGlobals)).as("the global logo").isEqualTo(1);
        } finally {
            Files.deleteIfExists(globalLogo);
        }
    }

    private String tenantInvoice(Tenants.Tenant tenant, String prefix) {
        ApiClient.Reply created = tenant.api().post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber(prefix)), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private byte[] pdfOf(ApiClient client, String id) {
        HttpResponse<byte[]> response = pdf(client, id);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return response.body();
    }
}
