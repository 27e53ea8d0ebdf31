package dev.openirn.cli;

import dev.openirn.client.EInvoice;
import dev.openirn.client.EInvoiceStatus;
import dev.openirn.client.ErrorDetail;
import dev.openirn.client.OpenIrnClient;
import dev.openirn.client.OpenIrnException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {
        "Registers every invoice of a .csv, .xlsx or .jsonl file: checks the whole file first, then submits with bounded",
        "concurrency, showing progress on stderr. Resumable: re-run the same command after Ctrl-C or a crash and it",
        "continues; no document is registered twice. Writes <file>.results.csv (rows → status, IRN, ack number, errors)."})
final class ImportCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "FILE", description = "invoices.csv, invoices.xlsx or invoices.jsonl")
    Path file;

    @Option(names = "--dry-run", description = "Check everything (and, when logged in, run the server's validation on each "
            + "document) without registering; prints each error with row and column.")
    boolean dryRun;

    @Option(names = "--offline", description = "With --dry-run: only the file's own checks, no server.")
    boolean offline;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "8", description = "Documents in flight at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--results", description = "Results file (default: <file>.results.csv next to the input).")
    Path results;

    @Option(names = "--wait", description = "After submitting, wait up to this many seconds for queued documents to finish.",
            defaultValue = "0")
    int waitSeconds;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    ImportCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            err.println("openirn: no such file: " + file);
            return ExitCodes.INVALID_INPUT;
        }
        if (!InvoiceFiles.supported(file)) {
            err.println("openirn: " + file + ": expected a .csv, .xlsx or .jsonl file");
            return ExitCodes.INVALID_INPUT;
        }
        InvoiceFiles.Parsed parsed = InvoiceFiles.read(file);
        List<RowError> errors = new ArrayList<>(parsed.errors());
        if (dryRun && errors.isEmpty() && !offline) {
            errors.addAll(serverValidation(parsed.documents()));
        }
        if (!errors.isEmpty()) {
            Collections.sort(errors);
            errors.forEach(error -> err.println(file.getFileName() + ": " + error));
            err.println(errors.size() + " error(s) in " + file.getFileName() + "; nothing was submitted.");
            return ExitCodes.INVALID_INPUT;
        }
        if (dryRun) {
            out.println(file.getFileName() + ": " + parsed.documents().size() + " document(s), no errors.");
            return ExitCodes.OK;
        }
        return submit(parsed.documents());
    }

    /** The server's full validation of each document, its findings placed at rows and columns of the file. */
    private List<RowError> serverValidation(List<InputDocument> documents) throws Exception {
        OpenIrnClient client;
        try {
            client = connection.client(environment);
        } catch (Connection.NotLoggedIn notLoggedIn) {
            err.println("openirn: not logged in, so only the file's own checks ran (use --offline to skip this note).");
            return List.of();
        }
        List<RowError> found = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (InputDocument document : documents) {
                futures.add(pool.submit(() -> {
                    JsonNode report = client.validateEInvoice(document.body());
                    for (JsonNode error : report.path("errors")) {
                        RowError at = document.locate().apply(error.path("field").asText(null));
                        found.add(new RowError(at.row(), at.column(), error.path("code").asText() + ": " + error.path("message").asText()));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return found;
    }

    private int submit(List<InputDocument> documents) throws Exception {
        OpenIrnClient client = connection.client(environment);
        Path resultsFile = results != null ? results : defaultResults(file);
        try (ImportState state = ImportState.open(file)) {
            List<InputDocument> pending = documents.stream().filter(d -> state.get(d.idempotencyKey()) == null).collect(Collectors.toList());
            int alreadyDone = documents.size() - pending.size();
            if (alreadyDone > 0) {
                err.println("Resuming: " + alreadyDone + " of " + documents.size() + " document(s) done in an earlier run (" + state.file().getFileName() + ").");
            }
            Progress progress = new Progress(err, documents.size(), alreadyDone, !noProgress);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger consecutiveUnavailable = new AtomicInteger();
            List<String> fatal = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
            Thread interrupted = new Thread(() -> {
                stop.set(true);
                err.println();
                err.println("Interrupted: answers so far are kept in " + state.file().getFileName() + "; run the same command again to continue.");
                err.flush();
            });
            Runtime.getRuntime().addShutdownHook(interrupted);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (InputDocument document : pending) {
                    futures.add(pool.submit(() -> {
                        if (stop.get()) {
                            return null;
                        }
                        ImportState.Outcome outcome = send(client, document, fatal, stop);
                        if (outcome == null) {
                            unavailable.incrementAndGet();
                            if (consecutiveUnavailable.incrementAndGet() >= 3 * Math.max(1, concurrency)) {
                                fatal.add("the server is unavailable; stopped");
                                stop.set(true);
                            }
                            progress.advance(true);
                            return null;
                        }
                        consecutiveUnavailable.set(0);
                        state.record(outcome);
                        progress.advance(outcome.failed());
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            progress.draw(true);
            Runtime.getRuntime().removeShutdownHook(interrupted);
            refresh(client, documents, state);
            writeResults(resultsFile, documents, state);
            return summarise(documents, state, resultsFile, fatal, unavailable.get());
        }
    }

    /** The document's answer, or null when the server could not be reached (it is sent again by the next run). */
    private ImportState.Outcome send(OpenIrnClient client, InputDocument document, List<String> fatal, AtomicBoolean stop) {
        String key = document.idempotencyKey();
        try {
            EInvoice created = null;
            while (created == null) {
                try {
                    created = client.createEInvoice(document.body(), key);
                } catch (OpenIrnException.RateLimitedException slowDown) {
                    // The client's rate limit: the SDK already waited out each Retry-After; keep going at the allowed pace.
                    if (stop.get()) {
                        return null;
                    }
                }
            }
            String warnings = created.warnings().isEmpty() ? null
                    : created.warnings().stream().map(ErrorDetail::toString).collect(Collectors.joining("; "));
            return new ImportState.Outcome(key, document.rows(), document.label(), created.httpStatus(), created.id(), created.status(),
                    created.irn(), created.ackNumber(), created.json().path("ackDate").asText(null), created.errorCode(),
                    created.errorMessage(), warnings);
        } catch (OpenIrnException.AuthenticationException refused) {
            fatal.add("authentication: " + refused.getMessage());
            stop.set(true);
            return null;
        } catch (OpenIrnException.ConnectionException | OpenIrnException.ServerException | OpenIrnException.RateLimitedException unavailable) {
            return null;
        } catch (OpenIrnException rejected) {
            List<String> problems = new ArrayList<>();
            for (ErrorDetail detail : rejected.details()) {
                RowError at = document.locate().apply(detail.field());
                problems.add("row " + at.row() + " " + at.column() + ": " + detail.code() + " " + detail.message());
            }
            if (problems.isEmpty()) {
                problems.add(rejected.getMessage());
            }
            if (rejected.upstream() != null) {
                problems.add("IRP " + rejected.upstream());
            }
            String existing = rejected.envelope() == null ? null : rejected.envelope().path("details").findValuesAsText("existingId").stream().findFirst().orElse(null);
            return new ImportState.Outcome(key, document.rows(), document.label(), rejected.httpStatus(), existing, "rejected", null, null,
                    null, rejected.code(), String.join("; ", problems), null);
        }
    }

    /** Reads the current status of documents the server was still working on, waiting up to --wait seconds. */
    private void refresh(OpenIrnClient client, List<InputDocument> documents, ImportState state) throws IOException {
        Instant deadline = Instant.now().plusSeconds(waitSeconds);
        while (true) {
            List<ImportState.Outcome> open = new ArrayList<>();
            for (InputDocument document : documents) {
                ImportState.Outcome outcome = state.get(document.idempotencyKey());
                if (outcome != null && outcome.id() != null && outcome.httpStatus() < 300 && !isTerminal(outcome.status())) {
                    open.add(outcome);
                }
            }
            for (ImportState.Outcome outcome : open) {
                try {
                    EInvoiceStatus status = client.getStatus(outcome.id());
                    if (!status.status().equals(outcome.status())) {
                        EInvoice now = status.isTerminal() ? client.getEInvoice(outcome.id()) : null;
                        state.record(outcome.withStatus(status.status(), status.irn(), now == null ? null : now.ackNumber(),
                                now == null ? null : now.json().path("ackDate").asText(null), status.errorCode(), status.errorMessage()));
                    }
                } catch (OpenIrnException unreachable) {
                    return; // the results show the status as submitted; a re-run refreshes it
                }
            }
            if (open.isEmpty() || !Instant.now().isBefore(deadline)) {
                return;
            }
            try {
                Thread.sleep(Duration.ofSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isTerminal(String status) {
        return List.of("generated", "cancelled", "failed_terminal", "not_applicable").contains(status);
    }

    static Path defaultResults(Path input) {
        return input.resolveSibling(input.getFileName() + ".results.csv");
    }

    /** Every document of the file in file order, written through a temporary file so a reader never sees half of it. */
    private static void writeResults(Path target, List<InputDocument> documents, ImportState state) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), ".results", ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
            csv.printRecord("rows", "sellerGstin", "documentType", "invoiceNumber", "status", "einvoiceId", "irn", "ackNumber", "ackDate",
                    "httpStatus", "errorCode", "errors", "warnings");
            for (InputDocument document : documents) {
                ImportState.Outcome outcome = state.get(document.idempotencyKey());
                if (outcome == null) {
                    csv.printRecord(document.rows(), document.sellerGstin(), document.documentType(), document.invoiceNumber(), "not_submitted",
                            "", "", "", "", "", "", "the server could not be reached; run the import again", "");
                } else {
                    csv.printRecord(document.rows(), document.sellerGstin(), document.documentType(), document.invoiceNumber(), outcome.status(),
                            blank(outcome.id()), blank(outcome.irn()), blank(outcome.ackNumber()), blank(outcome.ackDate()), outcome.httpStatus(),
                            blank(outcome.errorCode()), blank(outcome.errors()), blank(outcome.warnings()));
                }
            }
        }
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String blank(String text) {
        return text == null ? "" : text;
    }

    private int summarise(List<InputDocument> documents, ImportState state, Path resultsFile, List<String> fatal, int unavailable) {
        Map<String, Long> byStatus = documents.stream()
                .map(d -> state.get(d.idempotencyKey()))
                .collect(Collectors.groupingBy(o -> o == null ? "not_submitted" : o.status(), java.util.TreeMap::new, Collectors.counting()));
        String counts = byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        err.println(documents.size() + " document(s): " + counts + ". Results: " + resultsFile);
        fatal.stream().distinct().forEach(problem -> err.println("openirn: " + problem));
        if (fatal.stream().anyMatch(problem -> problem.startsWith("authentication"))) {
            return ExitCodes.AUTHENTICATION;
        }
        if (byStatus.containsKey("not_submitted")) {
            err.println("Some documents were not submitted; run the same command again to continue.");
            return ExitCodes.UNAVAILABLE;
        }
        boolean failed = documents.stream().map(d -> state.get(d.idempotencyKey())).anyMatch(ImportState.Outcome::failed);
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
