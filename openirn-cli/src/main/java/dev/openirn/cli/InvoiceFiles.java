package dev.openirn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an import file into documents and reports every problem with its row and column: JSONL (one
 * {@code POST /v1/einvoices} body per line, sent as is), CSV and Excel (.xlsx, first sheet), one row per line
 * item with the columns of {@link Columns}.
 */
final class InvoiceFiles {

    record Parsed(List<InputDocument> documents, List<RowError> errors) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern GSTIN = Pattern.compile("[0-9]{2}[0-9A-Z]{13}");
    private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Za-z1-9][A-Za-z0-9/-]{0,15}");
    private static final Pattern LINE_FIELD = Pattern.compile("lines\\[(\\d+)]\\.(\\w+).*");
    private static final DateTimeFormatter INDIAN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final Set<String> SUPPLY_TYPES = Set.of("B2B", "SEZWP", "SEZWOP", "EXPWP", "EXPWOP", "DEXP");
    private static final BigDecimal ROUNDING_TOLERANCE = BigDecimal.ONE;

    private InvoiceFiles() {
    }

    static boolean supported(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".csv") || name.endsWith(".xlsx");
    }

    static Parsed read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? readJsonl(file) : readTable(Table.read(file));
    }

    // ------------------------------------------------------------------ JSONL

    private static Parsed readJsonl(Path file) throws IOException {
        List<InputDocument> documents = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                int row = number;
                JsonNode body;
                try {
                    body = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                    errors.add(new RowError(row, "-", "not JSON: " + notJson.getOriginalMessage()));
                    continue;
                }
                if (!body.isObject()) {
                    errors.add(new RowError(row, "-", "not a JSON object"));
                    continue;
                }
                String gstin = body.path("seller").path("gstin").asText("");
                String type = body.path("documentType").asText("");
                String invoiceNumber = body.path("invoiceNumber").asText("");
                int before = errors.size();
                if (gstin.isEmpty()) {
                    errors.add(new RowError(row, "seller.gstin", "required"));
                }
                if (type.isEmpty()) {
                    errors.add(new RowError(row, "documentType", "required"));
                }
                if (invoiceNumber.isEmpty()) {
                    errors.add(new RowError(row, "invoiceNumber", "required"));
                }
                if (errors.size() > before) {
                    continue;
                }
                String identity = gstin + "|" + type + "|" + invoiceNumber.toUpperCase(Locale.ROOT);
                Integer earlier = seen.putIfAbsent(identity, row);
                if (earlier != null) {
                    errors.add(new RowError(row, "invoiceNumber", "the same document as line " + earlier));
                    continue;
                }
                // Sent as written: the line's own bytes.
                documents.add(new InputDocument(documents.size(), row, Integer.toString(row), gstin, type, invoiceNumber,
                        line.strip().getBytes(StandardCharsets.UTF_8), field -> new RowError(row, field == null ? "-" : field, "")));
            }
        }
        return new Parsed(documents, errors);
    }

    // ------------------------------------------------------------------ CSV and Excel

    private static Parsed readTable(Table table) {
        List<RowError> errors = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < table.header().size(); i++) {
            String name = table.header().get(i);
            if (name.isEmpty()) {
                continue;
            }
            Columns.Column column = Columns.BY_NAME.get(name.toLowerCase(Locale.ROOT));
            if (column == null) {
                errors.add(new RowError(1, Columns.letter(i) + " (" + name + ")", "unknown column; see `openirn template`"));
            } else if (index.putIfAbsent(column.name(), i) != null) {
                errors.add(new RowError(1, Columns.letter(i) + " (" + name + ")", "column given twice"));
            }
        }
        for (Columns.Column column : Columns.ALL) {
            if (column.required() && !index.containsKey(column.name())) {
                errors.add(new RowError(1, column.name(), "required column missing"));
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed(List.of(), errors);
        }
        // Group rows by document, keeping the order in which documents first appear.
        Map<String, List<Table.DataRow>> groups = new LinkedHashMap<>();
        for (Table.DataRow row : table.rows()) {
            if (row.blank()) {
                continue;
            }
            String identity = cell(row, index, "sellerGstin").toUpperCase(Locale.ROOT) + "|" + cell(row, index, "documentType").toUpperCase(Locale.ROOT)
                    + "|" + cell(row, index, "invoiceNumber").toUpperCase(Locale.ROOT);
            groups.computeIfAbsent(identity, k -> new ArrayList<>()).add(row);
        }
        List<InputDocument> documents = new ArrayList<>();
        for (List<Table.DataRow> rows : groups.values()) {
            InputDocument document = document(documents.size(), rows, index, errors);
            if (document != null) {
                documents.add(document);
            }
        }
        return new Parsed(documents, errors);
    }

    /** One document from its rows, or null with its problems added to {@code errors}. */
    private static InputDocument document(int ordinal, List<Table.DataRow> rows, Map<String, Integer> index, List<RowError> errors) {
        int before = errors.size();
        Table.DataRow first = rows.get(0);
        Map<String, Object> values = new HashMap<>();
        for (Columns.Column column : Columns.ALL) {
            if (!column.document() || !index.containsKey(column.name())) {
                continue;
            }
            String text = cell(first, index, column.name());
            values.put(column.name(), check(column, text, first.number(), index, errors));
            for (Table.DataRow other : rows.subList(1, rows.size())) {
                String otherText = cell(other, index, column.name());
                if (!otherText.equals(text)) {
                    errors.add(new RowError(other.number(), at(index, column.name()),
                            "differs from row " + first.number() + " of the same document ('" + otherText + "' vs '" + text + "')"));
                }
            }
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        Map<Integer, Integer> rowOfLine = new HashMap<>();
        for (Table.DataRow row : rows) {
            Map<String, Object> line = new HashMap<>();
            for (Columns.Column column : Columns.ALL) {
                if (!column.document() && index.containsKey(column.name())) {
                    line.put(column.name(), check(column, cell(row, index, column.name()), row.number(), index, errors));
                }
            }
            checkLineTotal(line, row.number(), index, errors);
            rowOfLine.put(lines.size(), row.number());
            lines.add(line);
        }
        if (errors.size() > before) {
            return null;
        }
        ObjectNode body = body(values, lines);
        String gstin = (String) values.get("sellerGstin");
        String type = (String) values.get("documentType");
        String number = (String) values.get("invoiceNumber");
        String span = rows.size() == 1 ? Integer.toString(first.number())
                : first.number() + "-" + rows.get(rows.size() - 1).number();
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new InputDocument(ordinal, first.number(), span, gstin, type, number, bytes,
                field -> locate(field, first.number(), rowOfLine, index));
    }

    /** The row and column a server-reported field such as {@code lines[1].hsnCode} or {@code seller.gstin} came from. */
    private static RowError locate(String field, int firstRow, Map<Integer, Integer> rowOfLine, Map<String, Integer> index) {
        if (field == null || field.isEmpty()) {
            return new RowError(firstRow, "-", "");
        }
        Matcher line = LINE_FIELD.matcher(field);
        if (line.matches()) {
            int row = rowOfLine.getOrDefault(Integer.parseInt(line.group(1)), firstRow);
            return new RowError(row, columnFor(line.group(2), index), "");
        }
        String column = field;
        if (field.startsWith("seller.") || field.startsWith("buyer.")) {
            String party = field.substring(0, field.indexOf('.'));
            String rest = field.substring(field.indexOf('.') + 1);
            column = party + Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
        } else if (field.startsWith("totals.")) {
            column = "totalItemValue";
        }
        return new RowError(firstRow, columnFor(column, index), "");
    }

    private static String columnFor(String name, Map<String, Integer> index) {
        Integer position = index.get(name);
        return position == null ? name : Columns.letter(position) + " (" + name + ")";
    }

    private static String at(Map<String, Integer> index, String name) {
        return columnFor(name, index);
    }

    private static String cell(Table.DataRow row, Map<String, Integer> index, String name) {
        Integer position = index.get(name);
        return position == null ? "" : row.cell(position);
    }

    /** The cell as the body needs it (String, BigDecimal, Boolean, LocalDate) or null; a problem is added to errors. */
    private static Object check(Columns.Column column, String text, int row, Map<String, Integer> index, List<RowError> errors) {
        String where = at(index, column.name());
        if (text.isEmpty()) {
            if (column.required()) {
                errors.add(new RowError(row, where, "required"));
            }
            return null;
        }
        switch (column.kind()) {
            case GSTIN: {
                String gstin = text.toUpperCase(Locale.ROOT);
                if (!GSTIN.matcher(gstin).matches() && !(column.name().equals("buyerGstin") && gstin.equals("URP"))) {
                    errors.add(new RowError(row, where, "'" + text + "' is not a GSTIN (15 characters: state code, PAN, entity, Z, check)"));
                }
                return gstin;
            }
            case DATE:
                try {
                    return text.contains("/") ? LocalDate.parse(text, INDIAN_DATE) : LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    errors.add(new RowError(row, where, "'" + text + "' is not a date (YYYY-MM-DD or DD/MM/YYYY)"));
                    return null;
                }
            case STATE:
                if (!text.matches("[0-9]{1,2}")) {
                    errors.add(new RowError(row, where, "'" + text + "' is not a two-digit state code"));
                }
                return text.length() == 1 ? "0" + text : text;
            case PIN:
                if (!text.matches("[1-9][0-9]{5}")) {
                    errors.add(new RowError(row, where, "'" + text + "' is not a six-digit PIN code"));
                }
                return text;
            case NUMBER:
                try {
                    return new BigDecimal(text.replace(",", ""));
                } catch (NumberFormatException e) {
                    errors.add(new RowError(row, where, "'" + text + "' is not a number"));
                    return null;
                }
            case BOOLEAN:
                switch (text.toUpperCase(Locale.ROOT)) {
                    case "Y": case "YES": case "TRUE": case "1":
                        return Boolean.TRUE;
                    case "N": case "NO": case "FALSE": case "0":
                        return Boolean.FALSE;
                    default:
                        errors.add(new RowError(row, where, "'" + text + "' is not Y or N"));
                        return null;
                }
            case DOCUMENT_TYPE: {
                String type = text.toUpperCase(Locale.ROOT);
                if (!Set.of("INV", "CRN", "DBN").contains(type)) {
                    errors.add(new RowError(row, where, "'" + text + "' is not INV, CRN or DBN"));
                }
                return type;
            }
            case SUPPLY_TYPE: {
                String type = text.toUpperCase(Locale.ROOT);
                if (!SUPPLY_TYPES.contains(type)) {
                    errors.add(new RowError(row, where, "'" + text + "' is not one of " + String.join(", ", SUPPLY_TYPES)));
                }
                return type;
            }
            case HSN:
                if (!text.matches("[0-9]{4}|[0-9]{6}|[0-9]{8}")) {
                    errors.add(new RowError(row, where, "'" + text + "' is not an HSN/SAC code (4, 6 or 8 digits)"));
                }
                return text;
            case INVOICE_NUMBER:
                if (!INVOICE_NUMBER.matcher(text).matches()) {
                    errors.add(new RowError(row, where,
                            "'" + text + "' is not a document number (1-16 letters, digits, / or -, not starting with 0, / or -)"));
                }
                return text;
            default:
                return text;
        }
    }

    private static void checkLineTotal(Map<String, Object> line, int row, Map<String, Integer> index, List<RowError> errors) {
        if (!(line.get("totalItemValue") instanceof BigDecimal total) || !(line.get("assessableValue") instanceof BigDecimal assessable)) {
            return;
        }
        BigDecimal expected = assessable;
        for (String tax : List.of("igstAmount", "cgstAmount", "sgstAmount", "cessAmount")) {
            if (line.get(tax) instanceof BigDecimal amount) {
                expected = expected.add(amount);
            }
        }
        if (expected.subtract(total).abs().compareTo(ROUNDING_TOLERANCE) > 0) {
            errors.add(new RowError(row, at(index, "totalItemValue"),
                    total.toPlainString() + " is not assessableValue + taxes + cess = " + expected.toPlainString()));
        }
    }

    private static ObjectNode body(Map<String, Object> values, List<Map<String, Object>> lines) {
        ObjectNode body = NODES.objectNode();
        LocalDate date = (LocalDate) values.get("invoiceDate");
        body.put("supplyType", values.get("supplyType") == null ? "B2B" : (String) values.get("supplyType"));
        body.put("documentType", (String) values.get("documentType"));
        body.put("invoiceNumber", (String) values.get("invoiceNumber"));
        body.put("invoiceDate", date.toString());
        body.put("financialYear", values.get("financialYear") != null ? (String) values.get("financialYear") : financialYear(date));
        body.put("reverseCharge", Boolean.TRUE.equals(values.get("reverseCharge")));
        body.put("placeOfSupplyStateCode", values.get("placeOfSupplyStateCode") != null
                ? (String) values.get("placeOfSupplyStateCode") : (String) values.get("buyerStateCode"));
        body.set("seller", party("seller", values));
        body.set("buyer", party("buyer", values));
        ArrayNode lineNodes = body.putArray("lines");
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        int lineNumber = 0;
        for (Map<String, Object> line : lines) {
            lineNumber++;
            ObjectNode node = lineNodes.addObject();
            node.put("lineNumber", line.get("lineNumber") instanceof BigDecimal given ? given.intValue() : lineNumber);
            node.put("productDescription", (String) line.get("productDescription"));
            node.put("isService", (Boolean) line.get("isService"));
            node.put("hsnCode", (String) line.get("hsnCode"));
            for (String name : List.of("quantity", "unit", "unitPrice", "discount", "assessableValue", "gstRate", "igstAmount",
                    "cgstAmount", "sgstAmount", "cessAmount", "totalItemValue")) {
                Object value = line.get(name);
                if (value instanceof BigDecimal number) {
                    node.put(name, number);
                } else if (value instanceof String text) {
                    node.put(name, text);
                }
            }
            add(totals, "assessableValue", line.get("assessableValue"));
            add(totals, "totalCgstValue", line.get("cgstAmount"));
            add(totals, "totalSgstValue", line.get("sgstAmount"));
            add(totals, "totalIgstValue", line.get("igstAmount"));
            add(totals, "totalCessValue", line.get("cessAmount"));
            add(totals, "totalInvoiceValue", line.get("totalItemValue"));
        }
        ObjectNode totalsNode = body.putObject("totals");
        add(totals, "otherCharges", values.get("otherCharges"));
        add(totals, "roundOffAmount", values.get("roundOffAmount"));
        add(totals, "totalInvoiceValue", values.get("otherCharges"));
        add(totals, "totalInvoiceValue", values.get("roundOffAmount"));
        totals.forEach(totalsNode::put);
        return body;
    }

    private static void add(Map<String, BigDecimal> totals, String name, Object value) {
        if (value instanceof BigDecimal number) {
            totals.merge(name, number, BigDecimal::add);
        }
    }

    private static ObjectNode party(String prefix, Map<String, Object> values) {
        ObjectNode party = NODES.objectNode();
        for (String field : List.of("gstin", "legalName", "tradeName", "address1", "address2", "location", "pinCode", "stateCode")) {
            Object value = values.get(prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1));
            if (value != null) {
                party.put(field, value.toString());
            }
        }
        return party;
    }

    static String financialYear(LocalDate date) {
        int start = date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
        return start + "-" + String.format("%02d", (start + 1) % 100);
    }
}
