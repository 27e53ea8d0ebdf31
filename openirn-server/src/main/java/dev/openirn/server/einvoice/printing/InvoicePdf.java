package dev.openirn.server.einvoice.printing;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.ValueDetails;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.support.IndianAmounts;
import dev.openirn.server.tenancy.OrganizationPrintSettings;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Renders a stored e-invoice as a one-or-more-page A4 tax invoice: parties, lines, tax summary per GST rate,
 * totals with the amount in words, the IRN and acknowledgement, and the signed QR code drawn as vector modules.
 */
@Component
public class InvoicePdf {

    private static final Logger log = LoggerFactory.getLogger(InvoicePdf.class);

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 36;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float TOP = PAGE.getHeight() - MARGIN;
    /** Content ends here; below it only the footer. */
    private static final float BOTTOM = MARGIN + 34;
    /** 40 mm: scans from paper with a phone camera even for a long signed payload. */
    private static final float CONTINUATION_HEIGHT = 18;
    private static final float QR_SIZE = 40 / 25.4f * 72;
    private static final Color RULE = new Color(0x99, 0x99, 0x99);
    private static final Color SHADE = new Color(0xEE, 0xEE, 0xEE);
    private static final Color CANCELLED_RED = new Color(0xC6, 0x28, 0x28);
    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss 'IST'");

    private final byte[] regularFont;
    private final byte[] boldFont;
    private final PrintingProperties properties;
    /** Null when rendering without a database: then only the global settings apply. */
    private final OrganizationPrintSettings organizationSettings;

    /** Prints with the global settings only. */
    InvoicePdf(PrintingProperties properties) {
        this(properties, null);
    }

    @Autowired
    InvoicePdf(PrintingProperties properties, OrganizationPrintSettings organizationSettings) {
        this.properties = properties;
        this.organizationSettings = organizationSettings;
        this.regularFont = resource("/fonts/NotoSans-Regular.ttf");
        this.boldFont = resource("/fonts/NotoSans-Bold.ttf");
    }

    public byte[] render(EInvoice invoice) {
        NicInvoice nic = NicJson.mapper().readValue(invoice.nicPayload(), NicInvoice.class);
        try (PDDocument document = new PDDocument()) {
            document.getDocumentInformation().setTitle(title(nic) + " " + invoice.invoiceNumber());
            document.getDocumentInformation().setCreator("OpenIRN");
            Sheet sheet = new Sheet(document, PDType0Font.load(document, new ByteArrayInputStream(regularFont)),
                    PDType0Font.load(document, new ByteArrayInputStream(boldFont)));
            boolean cancelled = invoice.status() == EInvoiceStatus.CANCELLED;
            Look look = look(invoice.organizationId());
            header(sheet, invoice, nic, cancelled, look);
            parties(sheet, nic);
            lines(sheet, nic);
            taxSummary(sheet, nic);
            totals(sheet, nic, invoice);
            sheet.close();
            decorate(sheet, cancelled, look, title(nic) + " No. " + nic.document().number() + " dated "
                    + nic.document().date() + "  ·  IRN " + invoice.irn() + "  (continued)");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ sections

    private void header(Sheet sheet, EInvoice invoice, NicInvoice nic, boolean cancelled, Look look) throws IOException {
        float qrLeft = MARGIN + WIDTH - QR_SIZE;
        float leftWidth = WIDTH - QR_SIZE - 16;
        float y = TOP;
        PDImageXObject logo = logo(sheet.document, look);
        if (logo != null) {
            float scale = Math.min(120f / logo.getWidth(), 40f / logo.getHeight());
            float height = logo.getHeight() * scale;
            sheet.stream.drawImage(logo, MARGIN, y - height, logo.getWidth() * scale, height);
            y -= height + 6;
        }
        y = sheet.text(MARGIN, y, sheet.bold, 16, title(nic).toUpperCase(java.util.Locale.ROOT), leftWidth);
        y = sheet.text(MARGIN, y - 1, sheet.regular, 8, "e-Invoice registered on the Invoice Registration Portal (IRP)", leftWidth);
        y -= 6;
        if (cancelled) {
            String when = invoice.cancelledAt() == null ? "" : " on " + timestamp(invoice.cancelledAt());
            String reason = invoice.cancellationReason() == null ? "" : " (" + invoice.cancellationReason() + ")";
            sheet.stream.setNonStrokingColor(CANCELLED_RED);
            y = sheet.text(MARGIN, y, sheet.bold, 11, "CANCELLED" + when + reason, leftWidth);
            sheet.stream.setNonStrokingColor(Color.BLACK);
            y -= 4;
        }
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"IRN", invoice.irn()});
        facts.add(new String[] {"Ack No", invoice.ackNumber()});
        facts.add(new String[] {"Ack Date", invoice.ackDate() == null ? "" : timestamp(invoice.ackDate())});
        facts.add(new String[] {"Document", title(nic) + " No. " + nic.document().number() + " dated " + nic.document().date()});
        facts.add(new String[] {"Supply type", nic.transaction().supplyType()
                + ("Y".equals(nic.transaction().reverseCharge()) ? " · reverse charge applies" : "")});
        BuyerDetails buyer = nic.buyer();
        facts.add(new String[] {"Place of supply", state(buyer.placeOfSupply())});
        if (nic.transaction().ecommerceGstin() != null) {
            facts.add(new String[] {"E-commerce GSTIN", nic.transaction().ecommerceGstin()});
        }
        for (String[] fact : facts) {
            sheet.text(MARGIN, y, sheet.bold, 8, fact[0], 80);
            y = sheet.text(MARGIN + 80, y, sheet.regular, fact[0].equals("IRN") ? 7.5f : 8.5f, fact[1], leftWidth - 80);
            y -= 1.5f;
        }

        float qrTop = TOP;
        if (cancelled) {
            // Like the API, a cancelled IRN's signed QR code is no longer handed out.
            sheet.stream.setStrokingColor(CANCELLED_RED);
            sheet.stream.setLineWidth(1.5f);
            sheet.stream.addRect(qrLeft, qrTop - QR_SIZE, QR_SIZE, QR_SIZE);
            sheet.stream.stroke();
            sheet.stream.setNonStrokingColor(CANCELLED_RED);
            sheet.centered(qrLeft, qrTop - QR_SIZE / 2 + 4, QR_SIZE, sheet.bold, 12, "CANCELLED");
            sheet.centered(qrLeft, qrTop - QR_SIZE / 2 - 10, QR_SIZE, sheet.regular, 6.5f, "signed QR code withdrawn");
            sheet.stream.setNonStrokingColor(Color.BLACK);
            sheet.stream.setStrokingColor(Color.BLACK);
            sheet.stream.setLineWidth(0.5f);
        } else if (invoice.signedQrCode() != null) {
            drawQr(sheet.stream, invoice.signedQrCode(), qrLeft, qrTop - QR_SIZE, QR_SIZE);
            sheet.centered(qrLeft, qrTop - QR_SIZE - 10, QR_SIZE, sheet.regular, 6.5f, "Signed QR code (IRP)");
        }
        sheet.y = Math.min(y, qrTop - QR_SIZE - 14) - 8;
    }

    private void parties(Sheet sheet, NicInvoice nic) throws IOException {
        float gap = 12;
        float boxWidth = (WIDTH - gap) / 2;
        SellerDetails seller = nic.seller();
        BuyerDetails buyer = nic.buyer();
        List<Line> sellerLines = party("Seller (supplier)", seller.legalName(), seller.tradeName(), seller.gstin(),
                seller.address1(), seller.address2(), seller.location(), seller.pin(), seller.stateCode(), seller.phone(),
                seller.email());
        List<Line> buyerLines = party("Buyer (recipient)", buyer.legalName(), buyer.tradeName(), buyer.gstin(),
                buyer.address1(), buyer.address2(), buyer.location(), buyer.pin(), buyer.stateCode(), buyer.phone(),
                buyer.email());
        float height = Math.max(sheet.height(sellerLines, boxWidth - 12), sheet.height(buyerLines, boxWidth - 12)) + 10;
        sheet.ensure(height + 8);
        float top = sheet.y;
        sheet.box(MARGIN, top, boxWidth, height);
        sheet.box(MARGIN + boxWidth + gap, top, boxWidth, height);
        sheet.lines(MARGIN + 6, top - 6, sellerLines, boxWidth - 12);
        sheet.lines(MARGIN + boxWidth + gap + 6, top - 6, buyerLines, boxWidth - 12);
        sheet.y = top - height - 12;
    }

    private List<Line> party(String heading, String legalName, String tradeName, String gstin, String address1,
            String address2, String location, Integer pin, String stateCode, String phone, String email) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(true, 7.5f, heading.toUpperCase(java.util.Locale.ROOT)));
        lines.add(new Line(true, 9.5f, legalName));
        if (tradeName != null && !tradeName.isBlank() && !tradeName.equalsIgnoreCase(legalName)) {
            lines.add(new Line(false, 8.5f, tradeName));
        }
        lines.add(new Line(true, 8.5f, "GSTIN: " + gstin));
        Stream.of(address1, address2).filter(Objects::nonNull).filter(s -> !s.isBlank())
                .forEach(address -> lines.add(new Line(false, 8.5f, address)));
        lines.add(new Line(false, 8.5f, join(" ", location, pin == null ? null : "- " + pin)));
        lines.add(new Line(false, 8.5f, "State: " + state(stateCode)));
        String contact = join("  ", phone == null ? null : "Ph: " + phone, email == null ? null : "Email: " + email);
        if (!contact.isEmpty()) {
            lines.add(new Line(false, 8, contact));
        }
        return lines;
    }

    private static final String[] ITEM_HEADINGS = {"#", "Description", "HSN/SAC", "Qty", "Rate", "Taxable value", "GST %",
            "Amount"};
    private static final float[] ITEM_WIDTHS = {18, 0, 46, 58, 62, 72, 36, 80};
    private static final boolean[] ITEM_RIGHT = {false, false, false, true, true, true, true, true};

    private void lines(Sheet sheet, NicInvoice nic) throws IOException {
        float[] widths = ITEM_WIDTHS.clone();
        float fixed = 0;
        for (float w : widths) {
            fixed += w;
        }
        widths[1] = WIDTH - fixed;
        sheet.ensure(40);
        sheet.tableHeader(ITEM_HEADINGS, widths, ITEM_RIGHT);
        for (Item item : nic.items()) {
            String quantity = item.quantity() == null ? "" : plain(item.quantity()) + (item.unit() == null ? "" : " " + item.unit());
            String[] cells = {item.serialNumber(), item.productDescription(), item.hsnCode(), quantity,
                    money(item.unitPrice()), money(item.assessableAmount()), plain(item.gstRate()), money(item.totalItemValue())};
            float height = sheet.rowHeight(cells, widths, 8, sheet.regular);
            if (sheet.y - height < BOTTOM) {
                sheet.newPage();
                sheet.tableHeader(ITEM_HEADINGS, widths, ITEM_RIGHT);
            }
            sheet.row(cells, widths, ITEM_RIGHT, 8, false);
        }
        sheet.y -= 10;
    }

    private static final String[] TAX_HEADINGS = {"GST rate", "Taxable value", "CGST", "SGST", "IGST", "Cess", "Total tax"};
    private static final boolean[] TAX_RIGHT = {true, true, true, true, true, true, true};

    private void taxSummary(Sheet sheet, NicInvoice nic) throws IOException {
        Map<BigDecimal, BigDecimal[]> byRate = new TreeMap<>();
        for (Item item : nic.items()) {
            BigDecimal rate = item.gstRate() == null ? BigDecimal.ZERO : item.gstRate().stripTrailingZeros();
            BigDecimal[] sums = byRate.computeIfAbsent(rate, r -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(nz(item.assessableAmount()));
            sums[1] = sums[1].add(nz(item.cgstAmount()));
            sums[2] = sums[2].add(nz(item.sgstAmount()));
            sums[3] = sums[3].add(nz(item.igstAmount()));
            sums[4] = sums[4].add(nz(item.cessAmount())).add(nz(item.cessNonAdvolAmount())).add(nz(item.stateCessAmount()))
                    .add(nz(item.stateCessNonAdvolAmount()));
        }
        float[] widths = new float[TAX_HEADINGS.length];
        java.util.Arrays.fill(widths, WIDTH / TAX_HEADINGS.length);
        sheet.ensure(16 + 14 * (byRate.size() + 2));
        sheet.y = sheet.text(MARGIN, sheet.y, sheet.bold, 9, "Tax summary", WIDTH) - 2;
        sheet.tableHeader(TAX_HEADINGS, widths, TAX_RIGHT);
        for (Map.Entry<BigDecimal, BigDecimal[]> rate : byRate.entrySet()) {
            BigDecimal[] s = rate.getValue();
            BigDecimal tax = s[1].add(s[2]).add(s[3]).add(s[4]);
            sheet.row(new String[] {plain(rate.getKey()) + "%", money(s[0]), money(s[1]), money(s[2]), money(s[3]),
                    money(s[4]), money(tax)}, widths, TAX_RIGHT, 8, false);
        }
        sheet.y -= 10;
    }

    private void totals(Sheet sheet, NicInvoice nic, EInvoice invoice) throws IOException {
        ValueDetails values = nic.values();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Taxable value", money(values.assessableValue())});
        addIfNonZero(rows, "CGST", values.cgstValue());
        addIfNonZero(rows, "SGST / UTGST", values.sgstValue());
        addIfNonZero(rows, "IGST", values.igstValue());
        addIfNonZero(rows, "Cess", values.cessValue());
        addIfNonZero(rows, "State cess", values.stateCessValue());
        addIfNonZero(rows, "Discount", values.discount() == null ? null : values.discount().negate());
        addIfNonZero(rows, "Other charges", values.otherCharges());
        addIfNonZero(rows, "Round off", values.roundOffAmount());
        BigDecimal total = values.totalInvoiceValue() != null ? values.totalInvoiceValue() : invoice.totalInvoiceValue();

        float boxWidth = 210;
        float boxLeft = MARGIN + WIDTH - boxWidth;
        float height = rows.size() * 13 + 22;
        String words = IndianAmounts.inWords(total);
        float wordsHeight = sheet.height(List.of(new Line(true, 8, "Amount in words"), new Line(false, 9, words)),
                WIDTH - boxWidth - 16);
        sheet.ensure(Math.max(height, wordsHeight) + 30);
        float top = sheet.y;
        float y = top - 4;
        for (String[] row : rows) {
            sheet.text(boxLeft + 6, y, sheet.regular, 8.5f, row[0], 100);
            sheet.right(boxLeft + boxWidth - 6, y, sheet.regular, 8.5f, row[1]);
            y -= 13;
        }
        sheet.stream.setNonStrokingColor(SHADE);
        sheet.stream.addRect(boxLeft, top - height, boxWidth, 20);
        sheet.stream.fill();
        sheet.stream.setNonStrokingColor(Color.BLACK);
        sheet.box(boxLeft, top, boxWidth, height);
        sheet.text(boxLeft + 6, top - height + 16, sheet.bold, 9.5f, "Total invoice value", 110);
        sheet.right(boxLeft + boxWidth - 6, top - height + 16, sheet.bold, 10, "\u20B9 " + money(total));

        sheet.lines(MARGIN, top - 4, List.of(new Line(true, 8, "Amount in words"), new Line(false, 9, words)),
                WIDTH - boxWidth - 16);
        sheet.y = top - Math.max(height, wordsHeight) - 14;
    }

    /** Footer, page numbers and, on a cancelled invoice, the mark across every page. */
    private void decorate(Sheet sheet, boolean cancelled, Look look, String continuation) throws IOException {
        int pages = sheet.document.getNumberOfPages();
        String footer = look.footerText() == null || look.footerText().isBlank()
                ? "Computer-generated e-invoice. IRN, acknowledgement and signed QR code issued by the Invoice Registration Portal."
                : look.footerText();
        for (int i = 0; i < pages; i++) {
            PDPage page = sheet.document.getPage(i);
            try (PDPageContentStream stream = new PDPageContentStream(sheet.document, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                Sheet onPage = sheet.on(stream);
                stream.setStrokingColor(RULE);
                stream.setLineWidth(0.5f);
                stream.moveTo(MARGIN, BOTTOM - 8);
                stream.lineTo(MARGIN + WIDTH, BOTTOM - 8);
                stream.stroke();
                float footerTop = BOTTOM - 12;
                for (String paragraph : footer.split("\n")) {
                    footerTop = onPage.text(MARGIN, footerTop, sheet.regular, 7, paragraph, WIDTH - 70) - 1;
                }
                onPage.right(MARGIN + WIDTH, BOTTOM - 12, sheet.regular, 7, "Page " + (i + 1) + " of " + pages);
                if (i > 0) {
                    onPage.text(MARGIN, TOP, sheet.regular, 7.5f, continuation, WIDTH);
                }
                if (cancelled) {
                    PDExtendedGraphicsState faint = new PDExtendedGraphicsState();
                    faint.setNonStrokingAlphaConstant(0.22f);
                    stream.saveGraphicsState();
                    stream.setGraphicsStateParameters(faint);
                    stream.setNonStrokingColor(CANCELLED_RED);
                    float size = 96;
                    float textWidth = sheet.bold.getStringWidth("CANCELLED") / 1000 * size;
                    stream.beginText();
                    stream.setFont(sheet.bold, size);
                    Matrix matrix = Matrix.getRotateInstance(Math.toRadians(45), PAGE.getWidth() / 2, PAGE.getHeight() / 2);
                    matrix.translate(-textWidth / 2, -size / 3);
                    stream.setTextMatrix(matrix);
                    stream.showText("CANCELLED");
                    stream.endText();
                    stream.restoreGraphicsState();
                }
            }
        }
    }

    // ------------------------------------------------------------------ QR

    /** The modules as filled rectangles: sharp at any print resolution, one run per row of dark modules. */
    static void drawQr(PDPageContentStream stream, String content, float left, float bottom, float size) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalStateException("The signed QR code does not fit a QR symbol", e);
        }
        float module = size / matrix.getWidth();
        float top = bottom + size;
        stream.setNonStrokingColor(Color.WHITE);
        stream.addRect(left, bottom, size, size);
        stream.fill();
        stream.setNonStrokingColor(Color.BLACK);
        for (int row = 0; row < matrix.getHeight(); row++) {
            int column = 0;
            while (column < matrix.getWidth()) {
                if (!matrix.get(column, row)) {
                    column++;
                    continue;
                }
                int start = column;
                while (column < matrix.getWidth() && matrix.get(column, row)) {
                    column++;
                }
                stream.addRect(left + start * module, top - (row + 1) * module, (column - start) * module, module);
            }
        }
        stream.fill();
    }

    // ------------------------------------------------------------------ helpers

    /** Footer text and logo bytes for one organization: its own settings where set, field by field, else the global ones. */
    private record Look(String footerText, byte[] logo, String logoSource) {
    }

    private Look look(String organizationId) {
        OrganizationPrintSettings.Settings own = organizationSettings == null || organizationId == null ? null
                : organizationSettings.find(organizationId).orElse(null);
        String footer = own != null && own.footerText() != null ? own.footerText() : properties.footerText();
        if (own != null && own.logo() != null) {
            return new Look(footer, own.logo(), "the logo of organization " + organizationId);
        }
        if (properties.logoFile() == null) {
            return new Look(footer, null, null);
        }
        try {
            return new Look(footer, Files.readAllBytes(properties.logoFile()), "openirn.printing.logo-file " + properties.logoFile());
        } catch (IOException e) {
            log.warn("openirn.printing.logo-file {} cannot be read; printing without a logo: {}", properties.logoFile(), e.toString());
            return new Look(footer, null, null);
        }
    }

    private PDImageXObject logo(PDDocument document, Look look) {
        if (look.logo() == null) {
            return null;
        }
        try {
            return PDImageXObject.createFromByteArray(document, look.logo(), "logo");
        } catch (IOException | IllegalArgumentException e) {
            log.warn("{} cannot be read as an image; printing without a logo: {}", look.logoSource(), e.toString());
            return null;
        }
    }

    private static String title(NicInvoice nic) {
        return switch (nic.document().type()) {
            case "CRN" -> "Credit Note";
            case "DBN" -> "Debit Note";
            default -> "Tax Invoice";
        };
    }

    private static String state(String code) {
        if (code == null) {
            return "";
        }
        String name = Masters.get().stateName(code);
        return name == null ? code : name + " (" + code + ")";
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.atZone(INDIA));
    }

    private static void addIfNonZero(List<String[]> rows, String label, BigDecimal value) {
        if (value != null && value.signum() != 0) {
            rows.add(new String[] {label, money(value)});
        }
    }

    private static BigDecimal nz(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static String money(BigDecimal value) {
        return value == null ? "" : IndianAmounts.grouped(value);
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private static String join(String separator, String... parts) {
        return String.join(separator, Stream.of(parts).filter(Objects::nonNull).filter(s -> !s.isBlank()).toList());
    }

    private static byte[] resource(String name) {
        try (InputStream in = InvoicePdf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Font " + name + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of a text block: bold or not, size, text (wrapped to the block's width). */
    record Line(boolean bold, float size, String text) {
    }

    /** The page being written, a cursor {@code y} running down it, and text that never overflows its width. */
    private static final class Sheet {

        final PDDocument document;
        final PDFont regular;
        final PDFont bold;
        final Map<PDFont, Map<Integer, Boolean>> glyphs;
        PDPageContentStream stream;
        float y;

        Sheet(PDDocument document, PDFont regular, PDFont bold) throws IOException {
            this(document, regular, bold, new HashMap<>(), null);
            newPage();
        }

        private Sheet(PDDocument document, PDFont regular, PDFont bold, Map<PDFont, Map<Integer, Boolean>> glyphs,
                PDPageContentStream stream) {
            this.document = document;
            this.regular = regular;
            this.bold = bold;
            this.glyphs = glyphs;
            this.stream = stream;
        }

        Sheet on(PDPageContentStream other) {
            return new Sheet(document, regular, bold, glyphs, other);
        }

        void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            stream.setLineWidth(0.5f);
            // Pages after the first keep room for the line that says whose continuation they are.
            y = document.getNumberOfPages() == 1 ? TOP : TOP - CONTINUATION_HEIGHT;
        }

        void close() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }

        void ensure(float height) throws IOException {
            if (y - height < BOTTOM) {
                newPage();
            }
        }

        /** Writes {@code text} wrapped to {@code width} with its first baseline below {@code top}; answers the bottom. */
        float text(float x, float top, PDFont font, float size, String text, float width) throws IOException {
            float leading = size * 1.25f;
            float baseline = top - size;
            for (String line : wrap(font, size, text, width)) {
                stream.beginText();
                stream.setFont(font, size);
                stream.newLineAtOffset(x, baseline);
                stream.showText(line);
                stream.endText();
                baseline -= leading;
            }
            return baseline + leading - size * 0.3f;
        }

        void right(float rightEdge, float top, PDFont font, float size, String text) throws IOException {
            String printable = printable(font, text);
            float textWidth = width(font, size, printable);
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(rightEdge - textWidth, top - size);
            stream.showText(printable);
            stream.endText();
        }

        void centered(float left, float top, float width, PDFont font, float size, String text) throws IOException {
            String printable = printable(font, text);
            right(left + (width + width(font, size, printable)) / 2, top, font, size, printable);
        }

        float lines(float x, float top, List<Line> lines, float width) throws IOException {
            float y = top;
            for (Line line : lines) {
                y = text(x, y, line.bold() ? bold : regular, line.size(), line.text(), width) - 1.5f;
            }
            return y;
        }

        float height(List<Line> lines, float width) throws IOException {
            float height = 0;
            for (Line line : lines) {
                int count = wrap(line.bold() ? bold : regular, line.size(), line.text(), width).size();
                height += line.size() * 1.25f * (count - 1) + line.size() * 1.3f + 1.5f;
            }
            return height;
        }

        void box(float left, float top, float width, float height) throws IOException {
            stream.setStrokingColor(RULE);
            stream.addRect(left, top - height, width, height);
            stream.stroke();
            stream.setStrokingColor(Color.BLACK);
        }

        void tableHeader(String[] headings, float[] widths, boolean[] right) throws IOException {
            float height = rowHeight(headings, widths, 7.5f, bold);
            stream.setNonStrokingColor(SHADE);
            stream.addRect(MARGIN, y - height, WIDTH, height);
            stream.fill();
            stream.setNonStrokingColor(Color.BLACK);
            row(headings, widths, right, 7.5f, true);
        }

        float rowHeight(String[] cells, float[] widths, float size, PDFont font) throws IOException {
            int lines = 1;
            for (int i = 0; i < cells.length; i++) {
                lines = Math.max(lines, wrap(font, size, cells[i], widths[i] - 6).size());
            }
            return lines * size * 1.25f + 6;
        }

        void row(String[] cells, float[] widths, boolean[] right, float size, boolean boldRow) throws IOException {
            PDFont font = boldRow ? bold : regular;
            float height = rowHeight(cells, widths, size, font);
            float x = MARGIN;
            for (int i = 0; i < cells.length; i++) {
                if (right[i]) {
                    List<String> wrapped = wrap(font, size, cells[i], widths[i] - 6);
                    float top = y - 3;
                    for (String line : wrapped) {
                        right(x + widths[i] - 3, top, font, size, line);
                        top -= size * 1.25f;
                    }
                } else {
                    text(x + 3, y - 3, font, size, cells[i], widths[i] - 6);
                }
                x += widths[i];
            }
            stream.setStrokingColor(RULE);
            stream.moveTo(MARGIN, y - height);
            stream.lineTo(MARGIN + WIDTH, y - height);
            stream.stroke();
            stream.setStrokingColor(Color.BLACK);
            y -= height;
        }

        /** Greedy word wrap; a word longer than the width (an IRN, an e-mail) is broken where it must be. */
        List<String> wrap(PDFont font, float size, String text, float width) throws IOException {
            String printable = printable(font, text == null ? "" : text);
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : printable.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(font, size, candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(font, size, rest) > width && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(font, size, rest.substring(0, cut)) > width) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            if (!line.isEmpty() || lines.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private static float width(PDFont font, float size, String text) throws IOException {
            return font.getStringWidth(text) / 1000 * size;
        }

        /** Control characters become spaces and a character the font has no glyph for becomes '?', never an error. */
        String printable(PDFont font, String text) {
            Map<Integer, Boolean> known = glyphs.computeIfAbsent(font, f -> new HashMap<>());
            StringBuilder out = new StringBuilder();
            text.codePoints().forEach(codePoint -> {
                if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)) {
                    out.append(' ');
                    return;
                }
                String character = new String(Character.toChars(codePoint));
                boolean has = known.computeIfAbsent(codePoint, c -> {
                    try {
                        font.encode(character);
                        return true;
                    } catch (IOException | IllegalArgumentException e) {
                        return false;
                    }
                });
                out.append(has ? character : "?");
            });
            return out.toString();
        }
    }
}
