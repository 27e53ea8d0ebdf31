package dev.openirn.cli;

import dev.openirn.client.OpenIrnClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {
        "Registers every invoice of a .csv, .xlsx or .jsonl file: checks the whole file first, then submits it in bulk",
        "batches, showing progress on stderr. Resumable: re-run the same command after Ctrl-C or a crash and it",
        "continues; no document is registered twice. Writes <file>.results.csv (rows → status, IRN, ack number, errors)."})
final class ImportCommand implements java.util.concurrent.Callable<Integer> {

    /** The server's default openirn.batches.max-items. */
    static final int MAX_BATCH_SIZE = 1000;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "FILE", description = "invoices.csv, invoices.xlsx or invoices.jsonl")
    Path file;

    @Option(names = "--dry-run", description = "Check everything (and, when logged in, run the server's validation on each "
            + "document) without registering; prints each error with row and column.")
    boolean dryRun;

    @Option(names = "--offline", description = "With --dry-run: only the file's own checks, no server.")
    boolean offline;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "2", description = "Batches the server works on at once (default "
            + "${DEFAULT-VALUE}); --dry-run sends 4 times as many validation requests at once.")
    int concurrency;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "500", description = "Documents per batch, 1 to " + MAX_BATCH_SIZE
            + " (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--results", description = "Results file (default: <file>.results.csv next to the input).")
    Path results;

    @Option(names = "--wait", description = "After every batch is settled, wait up to this many seconds for documents the IRP "
            + "is still retrying.", defaultValue = "0")
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
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            err.println("openirn: --batch-size must be between 1 and " + MAX_BATCH_SIZE + ", not " + batchSize);
            return ExitCodes.USAGE;
        }
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, 4 * concurrency));
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
        Map<String, InputDocument> byKey = new LinkedHashMap<>();
        documents.forEach(document -> byKey.putIfAbsent(document.idempotencyKey(), document));
        try (ImportState state = ImportState.open(file)) {
            BatchImport run = new BatchImport(client, state, byKey, err, batchSize, concurrency);
            int alreadyDone = run.plan();
            if (alreadyDone > 0) {
                err.println("Resuming: " + alreadyDone + " of " + byKey.size() + " document(s) done in an earlier run ("
                        + state.file().getFileName() + ").");
            }
            Thread interrupted = new Thread(() -> {
                run.stop();
                err.println();
                err.println("Interrupted: progress so far is kept in " + state.file().getFileName() + "; run the same command again to continue.");
                err.flush();
            });
            Runtime.getRuntime().addShutdownHook(interrupted);
            run.run(!noProgress);
            if (waitSeconds > 0) {
                run.waitForRetries(Instant.now().plusSeconds(waitSeconds));
            }
            Runtime.getRuntime().removeShutdownHook(interrupted);
            writeResults(resultsFile, documents, state);
            return summarise(documents, state, resultsFile, run);
        }
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

    private int summarise(List<InputDocument> documents, ImportState state, Path resultsFile, BatchImport run) {
        Map<String, Long> byStatus = documents.stream()
                .map(d -> state.get(d.idempotencyKey()))
                .collect(Collectors.groupingBy(o -> o == null ? "not_submitted" : o.status(), java.util.TreeMap::new, Collectors.counting()));
        String counts = byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        err.println(documents.size() + " document(s): " + counts + ". Results: " + resultsFile);
        run.fatal().stream().distinct().forEach(problem -> err.println("openirn: " + problem));
        if (run.fatal().stream().anyMatch(problem -> problem.startsWith("authentication"))) {
            return ExitCodes.AUTHENTICATION;
        }
        if (run.refused()) {
            return ExitCodes.FAILED;
        }
        if (byStatus.containsKey("not_submitted") || run.unavailable()) {
            err.println("Some documents were not submitted or not followed to the end; run the same command again to continue.");
            return ExitCodes.UNAVAILABLE;
        }
        boolean failed = documents.stream().map(d -> state.get(d.idempotencyKey())).anyMatch(ImportState.Outcome::failed);
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
