package dev.openirn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.openirn.client.EInvoice;
import dev.openirn.client.EInvoiceQuery;
import dev.openirn.client.EInvoiceStatus;
import dev.openirn.client.OpenIrnClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "einvoice", description = "Create, read, list, cancel and print e-invoices.", subcommands = {})
final class EInvoiceCommands {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    Connection connection;

    private final Map<String, String> environment;
    private final PrintStream out;

    EInvoiceCommands(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    private OpenIrnClient client() throws Exception {
        return connection.client(environment);
    }

    @Command(name = "create", description = {"Submits one invoice (a POST /v1/einvoices body) and prints the e-invoice.",
            "Its Idempotency-Key defaults to a hash of the file's bytes, so running the same command again is safe."})
    int create(@Option(names = {"-f", "--file"}, required = true, paramLabel = "invoice.json") Path file,
            @Option(names = "--idempotency-key", paramLabel = "KEY") String key,
            @Option(names = "--wait", paramLabel = "SECONDS", description = "Wait up to this long for a queued e-invoice to finish.",
                    defaultValue = "0") int waitSeconds) throws Exception {
        byte[] body = Files.readAllBytes(file);
        String idempotencyKey = key != null ? key : "cli-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 40);
        OpenIrnClient client = client();
        EInvoice created = client.createEInvoice(body, idempotencyKey);
        if (waitSeconds > 0 && !created.isTerminal()) {
            created = client.waitUntilTerminal(created.id(), Duration.ofSeconds(waitSeconds));
        }
        out.println(PRETTY.writeValueAsString(created.json()));
        return "failed_terminal".equals(created.status()) ? ExitCodes.FAILED : ExitCodes.OK;
    }

    @Command(name = "get", description = "Prints the e-invoice as JSON.")
    int get(@Parameters(paramLabel = "ID", description = "einv_… (or an IRN with --irn)") String id,
            @Option(names = "--irn", description = "ID is an IRN") boolean byIrn) throws Exception {
        EInvoice einvoice = byIrn ? client().getEInvoiceByIrn(id) : client().getEInvoice(id);
        out.println(PRETTY.writeValueAsString(einvoice.json()));
        return ExitCodes.OK;
    }

    @Command(name = "status", description = "Prints the status line: id, status, IRN, error, retries.")
    int status(@Parameters(paramLabel = "ID") String id) throws Exception {
        EInvoiceStatus status = client().getStatus(id);
        out.println(status.id() + "\t" + status.status() + "\t" + (status.irn() == null ? "-" : status.irn())
                + (status.errorCode() == null ? "" : "\t" + status.errorCode() + ": " + status.errorMessage())
                + (status.retryCount() == 0 ? "" : "\tretries " + status.retryCount() + (status.nextRetryAt() == null ? "" : ", next " + status.nextRetryAt()))
                + (status.pendingAction() == null ? "" : "\tpending " + status.pendingAction()));
        return ExitCodes.OK;
    }

    @Command(name = "list", description = "Lists e-invoices, newest first, one a line (id, status, type, number, date, IRN).")
    int list(@Option(names = "--status") String status,
            @Option(names = "--seller-gstin") String sellerGstin,
            @Option(names = "--buyer-gstin") String buyerGstin,
            @Option(names = "--type", description = "INV, CRN or DBN") String documentType,
            @Option(names = "--number") String invoiceNumber,
            @Option(names = "--from", description = "invoice date from, YYYY-MM-DD") LocalDate from,
            @Option(names = "--to", description = "invoice date to, YYYY-MM-DD") LocalDate to,
            @Option(names = "--limit", defaultValue = "25", description = "At most this many (default ${DEFAULT-VALUE}; 0: all).") int limit,
            @Option(names = "--json", description = "One JSON object a line.") boolean json) throws Exception {
        EInvoiceQuery query = EInvoiceQuery.all().limit(limit > 0 && limit < 100 ? limit : 100).status(status).sellerGstin(sellerGstin)
                .buyerGstin(buyerGstin).documentType(documentType).invoiceNumber(invoiceNumber);
        if (from != null) {
            query.invoiceDateFrom(from);
        }
        if (to != null) {
            query.invoiceDateTo(to);
        }
        int shown = 0;
        for (EInvoice einvoice : client().iterateEInvoices(query)) {
            if (limit > 0 && shown >= limit) {
                break;
            }
            out.println(json ? InvoiceFiles.JSON.writeValueAsString(einvoice.json())
                    : String.join("\t", einvoice.id(), einvoice.status(), einvoice.documentType(), einvoice.invoiceNumber(),
                            String.valueOf(einvoice.invoiceDate()), einvoice.irn() == null ? "-" : einvoice.irn()));
            shown++;
        }
        return ExitCodes.OK;
    }

    @Command(name = "cancel", description = "Cancels a generated e-invoice (within 24 hours of generation).")
    int cancel(@Parameters(paramLabel = "ID") String id,
            @Option(names = "--reason", required = true, description = "1 duplicate, 2 data entry error, 3 order cancelled, 4 other") String reason,
            @Option(names = "--remarks", required = true, description = "Up to 100 characters.") String remarks) throws Exception {
        EInvoice cancelled = client().cancel(id, reason, remarks, "cli-cancel-" + id);
        out.println(cancelled.id() + "\t" + cancelled.status() + (cancelled.pendingAction() == null ? "" : "\tpending " + cancelled.pendingAction()));
        return ExitCodes.OK;
    }

    @Command(name = "pdf", description = "Saves the printable tax invoice as PDF.")
    int pdf(@Parameters(paramLabel = "ID") String id,
            @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Default: ID.pdf") Path target) throws Exception {
        Path saved = client().downloadPdf(id, target != null ? target : Path.of(id + ".pdf"));
        out.println("Saved " + saved);
        return ExitCodes.OK;
    }
}
