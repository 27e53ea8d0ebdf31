package dev.openirn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.client.EInvoice;
import dev.openirn.client.EInvoiceQuery;
import dev.openirn.client.OpenIrnClient;
import dev.openirn.client.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged {@code openirn} jar run as a process against the real server (its boot jar, with the bundled sandbox). */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CliIT {

    private static final Path WORK = Path.of("target", "cli-it");
    private static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 46656, 36).toUpperCase();
    private static ServerProcess server;
    private static OpenIrnClient api;

    @BeforeAll
    static void startServer() throws Exception {
        ServerProcess.deleteRecursively(WORK);
        server = ServerProcess.start(Path.of(System.getProperty("openirn.server.jar", "target/openirn-server.jar")), WORK);
        api = OpenIrnClient.builder().baseUrl(server.baseUrl()).credentials(ServerProcess.CLIENT_ID, ServerProcess.CLIENT_SECRET).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> environment() {
        return Map.of("OPENIRN_BASE_URL", server.baseUrl(), "OPENIRN_CLIENT_ID", ServerProcess.CLIENT_ID,
                "OPENIRN_CLIENT_SECRET", ServerProcess.CLIENT_SECRET, "OPENIRN_CONFIG_DIR", WORK.resolve("no-config").toAbsolutePath().toString());
    }

    @Test
    void anImportKilledMidwayAndRunAgainRegistersEveryDocumentOnceAndCompletesItsResults() throws Exception {
        Path dir = WORK.resolve("resume");
        Files.createDirectories(dir);
        Path file = dir.resolve("invoices.csv");
        int documents = 1000; // two line items each: 2,000 rows
        writeCsv(file, documents, "R" + RUN);
        long registrationsBefore = server.sandboxRegistrations();
        Instant started = Instant.now().minusSeconds(1);
        Path state = dir.resolve("invoices.csv.openirn-state");

        // Batches of 100, two at a time: killed while later batches are still unsent.
        Process first = Cli.builder(dir, environment(), "import", "invoices.csv", "--batch-size", "100", "--concurrency", "2")
                .redirectOutput(dir.resolve("first.out").toFile()).redirectError(dir.resolve("first.err").toFile()).start();
        long doneAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (generatedIn(state) < 250 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as("still importing when killed; stderr: " + Files.readString(dir.resolve("first.err"))).isTrue();
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, requests in flight
            first.waitFor(30, TimeUnit.SECONDS);
        }
        doneAtKill = generatedIn(state);
        assertThat(doneAtKill).isBetween(250L, (long) documents - 1);
        assertThat(batchesSince(started)).as("batches sent before the kill").hasSizeLessThan(documents / 100);
        assertThat(Files.readString(dir.resolve("first.err"))).contains("/" + documents);

        Cli.Result second = Cli.run(dir, environment(), "", Duration.ofMinutes(6), "import", "invoices.csv", "--batch-size", "100",
                "--concurrency", "2");

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stderr()).contains("Resuming: ").contains("1000 document(s): 1000 generated");
        assertThat(server.sandboxRegistrations() - registrationsBefore).as("registrations at the IRP").isEqualTo(documents);
        List<EInvoice> stored = new ArrayList<>();
        api.iterateEInvoices(EInvoiceQuery.all().limit(100).createdFrom(started)).forEach(stored::add);
        assertThat(stored).hasSize(documents);
        assertThat(stored.stream().map(EInvoice::invoiceNumber).distinct()).hasSize(documents);
        // Every document went in exactly one batch: a batch sent again after the kill was answered from its key.
        List<JsonNode> batches = batchesSince(started);
        assertThat(batches).hasSize(documents / 100);
        assertThat(batches.stream().mapToInt(batch -> batch.path("counts").path("total").asInt()).sum()).isEqualTo(documents);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.path("counts").path("generated").asInt()).isEqualTo(100));

        List<CSVRecord> results = readCsv(dir.resolve("invoices.csv.results.csv"));
        assertThat(results).hasSize(documents);
        for (int i = 0; i < documents; i++) {
            CSVRecord row = results.get(i);
            assertThat(row.get("rows")).isEqualTo((2 + 2 * i) + "-" + (3 + 2 * i));
            assertThat(row.get("invoiceNumber")).isEqualTo(number("R" + RUN, i));
            assertThat(row.get("status")).isEqualTo("generated");
            assertThat(row.get("irn")).hasSize(64);
            assertThat(row.get("ackNumber")).isNotBlank();
            assertThat(row.get("errors")).isEmpty();
        }
        assertThat(results.stream().map(r -> r.get("einvoiceId")).distinct()).hasSize(documents);

        // A third run finds everything done and sends nothing.
        Cli.Result third = Cli.run(dir, environment(), "", Duration.ofMinutes(2), "import", "invoices.csv");
        assertThat(third.exitCode()).as(third.stderr()).isZero();
        assertThat(third.stderr()).contains("Resuming: 1000 of 1000");
        assertThat(server.sandboxRegistrations() - registrationsBefore).isEqualTo(documents);
        assertThat(batchesSince(started)).hasSize(documents / 100);
    }

    @Test
    void aDryRunReportsEveryPlantedErrorWithItsRowAndColumnAndSubmitsNothing() throws Exception {
        Path dir = WORK.resolve("dry-run");
        Files.createDirectories(dir);
        Path file = dir.resolve("planted.csv");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.addAll(documentRows(number("D" + RUN, i)));
        }
        // Rows are numbered as a spreadsheet shows them: the header is row 1, so rows.get(k) is row k + 2.
        set(rows.get(1), "sellerGstin", "29ABCDE1234F1Z");      // row 3: a GSTIN one character short
        set(rows.get(2), "invoiceDate", "31/02/2026");          // row 4: no such date (so row 5 of that document differs)
        set(rows.get(5), "gstRate", "eighteen");                // row 7: not a number
        set(rows.get(6), "totalItemValue", "12000");            // row 8: not assessable + taxes
        set(rows.get(8), "productDescription", "");             // row 10: required cell empty
        set(rows.get(11), "buyerLegalName", "Someone Else Ltd"); // row 13: differs from row 12 of the same document
        writeRows(file, rows);
        long registrationsBefore = server.sandboxRegistrations();

        Cli.Result dryRun = Cli.run(dir, environment(), "", Duration.ofMinutes(2), "import", "--dry-run", "planted.csv");

        assertThat(dryRun.exitCode()).as(dryRun.stderr()).isEqualTo(3);
        assertThat(dryRun.stderr())
                .contains("row 3, column " + column("sellerGstin"))
                .contains("row 4, column " + column("invoiceDate") + ": '31/02/2026' is not a date")
                .contains("row 5, column " + column("invoiceDate") + ": differs from row 4")
                .contains("row 7, column " + column("gstRate"))
                .contains("row 8, column " + column("totalItemValue"))
                .contains("row 10, column " + column("productDescription") + ": required")
                .contains("row 13, column " + column("buyerLegalName") + ": differs from row 12")
                .contains("7 error(s)");
        // The same file without --dry-run is refused as a whole before anything is sent.
        Cli.Result refused = Cli.run(dir, environment(), "", Duration.ofMinutes(2), "import", "planted.csv");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("nothing was submitted");

        // What only the server's validation knows (the notified GST rates) is placed at the row and column too.
        Path serverChecked = dir.resolve("rate.csv");
        List<List<String>> consistent = documentRows(number("G" + RUN, 0));
        set(consistent.get(1), "gstRate", "17");
        set(consistent.get(1), "igstAmount", "850");
        set(consistent.get(1), "totalItemValue", "5850");
        writeRows(serverChecked, consistent);
        Cli.Result rate = Cli.run(dir, environment(), "", Duration.ofMinutes(2), "import", "--dry-run", "rate.csv");
        assertThat(rate.exitCode()).as(rate.stderr()).isEqualTo(3);
        assertThat(rate.stderr()).contains("row 3, column " + column("gstRate") + ":");
        assertThat(Cli.run(dir, environment(), "", Duration.ofMinutes(2), "import", "--dry-run", "--offline", "rate.csv").exitCode())
                .as("the file's own checks find nothing in it").isZero();

        assertThat(server.sandboxRegistrations()).isEqualTo(registrationsBefore);
        assertThat(Files.exists(dir.resolve("planted.csv.openirn-state"))).isFalse();
    }

    @Test
    void aUserLogsInOnceThenImportsExcelAndWorksWithTheEInvoice() throws Exception {
        Path dir = WORK.resolve("session");
        Files.createDirectories(dir);
        Map<String, String> profileOnly = Map.of("OPENIRN_CONFIG_DIR", dir.resolve("config").toAbsolutePath().toString());

        Cli.Result wrong = Cli.run(dir, profileOnly, ServerProcess.CLIENT_ID + "\nwrong-secret\n", Duration.ofMinutes(1), "login",
                "--base-url", server.baseUrl());
        assertThat(wrong.exitCode()).as(wrong.stderr()).isEqualTo(4);
        assertThat(Files.exists(dir.resolve("config").resolve("profiles.properties"))).isFalse();

        Cli.Result login = Cli.run(dir, profileOnly, ServerProcess.CLIENT_ID + "\n" + ServerProcess.CLIENT_SECRET + "\n",
                Duration.ofMinutes(1), "login", "--base-url", server.baseUrl());
        assertThat(login.exitCode()).as(login.stderr()).isZero();
        Path profile = dir.resolve("config").resolve("profiles.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile.getParent()))).isEqualTo("rwx------");

        assertThat(Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "template", "--example", "invoices.xlsx").exitCode()).isZero();
        Cli.Result imported = Cli.run(dir, profileOnly, "", Duration.ofMinutes(2), "import", "invoices.xlsx");
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        List<CSVRecord> results = readCsv(dir.resolve("invoices.xlsx.results.csv"));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("rows")).isEqualTo("2-3");
        assertThat(results.get(0).get("status")).isEqualTo("generated");
        String id = results.get(0).get("einvoiceId");
        EInvoice stored = api.getEInvoice(id);
        assertThat(stored.totalInvoiceValue()).isEqualByComparingTo("17700");
        assertThat(stored.irn()).isEqualTo(results.get(0).get("irn"));

        Cli.Result status = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "einvoice", "status", id);
        assertThat(status.stdout()).startsWith(id + "\tgenerated\t" + stored.irn());
        Cli.Result list = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "einvoice", "list", "--status", "generated", "--limit", "100");
        assertThat(list.stdout()).contains(id);
        Cli.Result pdf = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "einvoice", "pdf", id, "--out", "invoice.pdf");
        assertThat(pdf.exitCode()).as(pdf.stderr()).isZero();
        assertThat(new String(Files.readAllBytes(dir.resolve("invoice.pdf")), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        Files.write(dir.resolve("qr.png"), api.downloadQr(id, "png", 512));
        Cli.Result qr = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "qr", "verify", "qr.png");
        assertThat(qr.exitCode()).as(qr.stderr()).isZero();
        assertThat(qr.stdout()).contains(stored.irn()).contains("Signature:    valid");

        Path single = dir.resolve("one.json");
        Files.writeString(single, OneInvoice.json(number("J" + RUN, 0)));
        Cli.Result created = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "einvoice", "create", "-f", "one.json");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String createdId = api.listEInvoices(EInvoiceQuery.all().invoiceNumber(number("J" + RUN, 0))).data().get(0).id();
        assertThat(created.stdout()).contains(createdId).contains("\"status\" : \"generated\"");

        Cli.Result cancel = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "einvoice", "cancel", createdId, "--reason", "2",
                "--remarks", "Wrong buyer");
        assertThat(cancel.stdout()).contains(createdId + "\tcancelled");
        Cli.Result cancelAgain = Cli.run(dir, profileOnly, "", Duration.ofMinutes(1), "einvoice", "cancel", id, "--reason", "9",
                "--remarks", "x");
        assertThat(cancelAgain.exitCode()).isEqualTo(1);
        assertThat(cancelAgain.stderr()).contains("HTTP 422 validation_error").contains("reasonCode");
    }

    // ------------------------------------------------------------------ files

    /** Documents whose latest line in the import's state file says generated. */
    private static long generatedIn(Path state) throws Exception {
        if (!Files.exists(state)) {
            return 0;
        }
        Map<String, String> latest = new HashMap<>();
        for (String line : Files.readAllLines(state)) {
            try {
                JsonNode node = InvoiceFiles.JSON.readTree(line);
                if (node.hasNonNull("key") && node.hasNonNull("status")) {
                    latest.put(node.get("key").asText(), node.get("status").asText());
                }
            } catch (java.io.IOException tornLine) {
                // being written
            }
        }
        return latest.values().stream().filter("generated"::equals).count();
    }

    /** The client's batches created since {@code since} (this test's), newest first. */
    private static List<JsonNode> batchesSince(Instant since) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode batch : api.call("GET", "/v1/einvoices/batches?limit=100", null).path("data")) {
            if (!Instant.parse(batch.path("createdAt").asText()).isBefore(since)) {
                found.add(batch);
            }
        }
        return found;
    }

    private static String number(String prefix, int i) {
        return prefix + "-" + String.format("%05d", i);
    }

    private static String column(String name) {
        return Columns.letter(Columns.ALL.indexOf(Columns.BY_NAME.get(name.toLowerCase()))) + " (" + name + ")";
    }

    private static void set(List<String> row, String column, String value) {
        row.set(Columns.ALL.indexOf(Columns.BY_NAME.get(column.toLowerCase())), value);
    }

    /** A document of two line items (10,000 and 5,000 plus 18 % IGST), in the template's column order. */
    static List<List<String>> documentRows(String invoiceNumber) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        List<List<String>> rows = new ArrayList<>();
        for (int line = 1; line <= 2; line++) {
            List<String> cells = new ArrayList<>();
            for (Columns.Column column : Columns.ALL) {
                cells.add(switch (column.name()) {
                    case "documentType" -> "INV";
                    case "invoiceNumber" -> invoiceNumber;
                    case "invoiceDate" -> today.toString();
                    case "sellerGstin" -> "29ABCDE1234F1Z5";
                    case "sellerLegalName" -> "Acme Pvt Ltd";
                    case "sellerAddress1" -> "12 Industrial Area";
                    case "sellerLocation" -> "Bengaluru";
                    case "sellerPinCode" -> "560001";
                    case "sellerStateCode" -> "29";
                    case "buyerGstin" -> "27FGHIJ5678K1Z2";
                    case "buyerLegalName" -> "Globex Pvt Ltd";
                    case "buyerAddress1" -> "8 MG Road";
                    case "buyerLocation" -> "Mumbai";
                    case "buyerPinCode" -> "400001";
                    case "buyerStateCode" -> "27";
                    case "productDescription" -> line == 1 ? "Consulting services" : "Support";
                    case "isService" -> "Y";
                    case "hsnCode" -> "998314";
                    case "unitPrice", "assessableValue" -> line == 1 ? "10000" : "5000";
                    case "gstRate" -> "18";
                    case "igstAmount" -> line == 1 ? "1800" : "900";
                    case "totalItemValue" -> line == 1 ? "11800" : "5900";
                    default -> "";
                });
            }
            rows.add(cells);
        }
        return rows;
    }

    private static void writeCsv(Path file, int documents, String prefix) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            rows.addAll(documentRows(number(prefix, i)));
        }
        writeRows(file, rows);
    }

    private static void writeRows(Path file, List<List<String>> rows) throws Exception {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
            csv.printRecord(Columns.ALL.stream().map(Columns.Column::name).toList());
            for (List<String> row : rows) {
                csv.printRecord(row);
            }
        }
    }

    private static List<CSVRecord> readCsv(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    /** The quickstart invoice dated today, as a POST /v1/einvoices body. */
    static final class OneInvoice {
        static String json(String number) {
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
            return ("{\"supplyType\":\"B2B\",\"documentType\":\"INV\",\"invoiceNumber\":\"%s\",\"invoiceDate\":\"%s\",\"financialYear\":\"%s\","
                    + "\"reverseCharge\":false,\"placeOfSupplyStateCode\":\"29\","
                    + "\"seller\":{\"gstin\":\"29ABCDE1234F1Z5\",\"legalName\":\"Acme Pvt Ltd\",\"address1\":\"12 Industrial Area\",\"location\":\"Bengaluru\",\"pinCode\":\"560001\",\"stateCode\":\"29\"},"
                    + "\"buyer\":{\"gstin\":\"27FGHIJ5678K1Z2\",\"legalName\":\"Globex Pvt Ltd\",\"address1\":\"8 MG Road\",\"location\":\"Mumbai\",\"pinCode\":\"400001\",\"stateCode\":\"27\"},"
                    + "\"lines\":[{\"lineNumber\":1,\"productDescription\":\"Consulting services\",\"isService\":true,\"hsnCode\":\"998314\",\"unitPrice\":10000,"
                    + "\"assessableValue\":10000,\"gstRate\":18,\"igstAmount\":1800,\"totalItemValue\":11800}],"
                    + "\"totals\":{\"assessableValue\":10000,\"totalIgstValue\":1800,\"totalInvoiceValue\":11800}}")
                    .formatted(number, today, InvoiceFiles.financialYear(today));
        }
    }
}
