package dev.openirn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * What earlier runs of an import got back, per document Idempotency-Key: an append-only JSON-lines file next to
 * the input ({@code <input>.openirn-state}). A line is written as soon as the server answered a document, and
 * the last line for a key wins. A document without a line is sent (again) on the next run; since its key is the
 * same, the server answers a document it already has from the key, so a lost or torn line costs one request,
 * never a second registration.
 */
final class ImportState implements AutoCloseable {

    /** The server's answer for one document. */
    record Outcome(String key, String rows, String document, int httpStatus, String id, String status, String irn,
            String ackNumber, String ackDate, String errorCode, String errors, String warnings) {

        /** Rejected by the server or failed for good at the IRP: it will not register without a change to the file. */
        boolean failed() {
            return httpStatus >= 400 || "failed_terminal".equals(status);
        }

        Outcome withStatus(String newStatus, String newIrn, String newAckNumber, String newAckDate, String newErrorCode, String newErrors) {
            return new Outcome(key, rows, document, httpStatus, id, newStatus, newIrn, newAckNumber, newAckDate, newErrorCode, newErrors, warnings);
        }
    }

    private final Path file;
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private OutputStream out;

    private ImportState(Path file) {
        this.file = file;
    }

    static Path fileFor(Path input) {
        return input.resolveSibling(input.getFileName() + ".openirn-state");
    }

    static ImportState open(Path input) throws IOException {
        ImportState state = new ImportState(fileFor(input));
        if (Files.isRegularFile(state.file)) {
            try (BufferedReader in = Files.newBufferedReader(state.file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    try {
                        JsonNode node = InvoiceFiles.JSON.readTree(line);
                        Outcome outcome = new Outcome(text(node, "key"), text(node, "rows"), text(node, "document"),
                                node.path("httpStatus").asInt(), text(node, "id"), text(node, "status"), text(node, "irn"),
                                text(node, "ackNumber"), text(node, "ackDate"), text(node, "errorCode"), text(node, "errors"), text(node, "warnings"));
                        if (outcome.key() != null) {
                            state.outcomes.put(outcome.key(), outcome);
                        }
                    } catch (IOException tornLine) {
                        // The last line of a run that was killed mid-write: that document is simply sent again.
                    }
                }
            }
        }
        return state;
    }

    Path file() {
        return file;
    }

    synchronized Outcome get(String key) {
        return outcomes.get(key);
    }

    /** Records an answer; it reaches the file (the operating system) before this returns, so a killed run keeps it. */
    synchronized void record(Outcome outcome) throws IOException {
        if (out == null) {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        ObjectNode node = InvoiceFiles.JSON.createObjectNode();
        node.put("key", outcome.key());
        node.put("rows", outcome.rows());
        node.put("document", outcome.document());
        node.put("httpStatus", outcome.httpStatus());
        node.put("id", outcome.id());
        node.put("status", outcome.status());
        node.put("irn", outcome.irn());
        node.put("ackNumber", outcome.ackNumber());
        node.put("ackDate", outcome.ackDate());
        node.put("errorCode", outcome.errorCode());
        node.put("errors", outcome.errors());
        node.put("warnings", outcome.warnings());
        out.write((InvoiceFiles.JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        outcomes.put(outcome.key(), outcome);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
