package dev.openirn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What earlier runs of an import did, in an append-only JSON-lines file next to the input
 * ({@code <input>.openirn-state}); the last line for a key wins. Two kinds of lines:
 * <ul>
 * <li>a batch: written with its Idempotency-Key and its documents' keys <em>before</em> it is sent, and again with the
 * server's batch id once accepted. A batch without an id is sent again by the next run under the same key and with
 * the same documents, so the server answers it from that key instead of storing a second batch;</li>
 * <li>a document's outcome, per document Idempotency-Key: written when its batch is accepted and whenever its status
 * changes. A document in an accepted batch is never sent again; a later run reads its batch's items instead.</li>
 * </ul>
 * A torn last line (a run killed mid-write) is ignored: a lost batch line means the batch is sent again under its
 * key or its documents under their own item keys, which the server answers from what it has, never a second
 * registration.
 */
final class ImportState implements AutoCloseable {

    /** Statuses after which nothing more happens to a document without a change to the file. */
    static final Set<String> FINAL = Set.of("generated", "cancelled", "failed_terminal", "not_applicable", "rejected");

    /** The server's answer for one document; {@code batchId} is the batch that carries it (null before batches). */
    record Outcome(String key, String rows, String document, int httpStatus, String id, String status, String irn,
            String ackNumber, String ackDate, String errorCode, String errors, String warnings, String batchId) {

        /** Rejected by the server or failed for good at the IRP: it will not register without a change to the file. */
        boolean failed() {
            return httpStatus >= 400 || "rejected".equals(status) || "failed_terminal".equals(status);
        }

        boolean isFinal() {
            return FINAL.contains(status);
        }
    }

    /** A batch of documents: its Idempotency-Key, its documents' keys in item order, and its id once accepted. */
    record Batch(String key, List<String> documents, String id) {
    }

    private final Path file;
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
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
                        state.read(InvoiceFiles.JSON.readTree(line));
                    } catch (IOException tornLine) {
                        // The last line of a run that was killed mid-write: see the class comment.
                    }
                }
            }
        }
        return state;
    }

    private void read(JsonNode node) {
        if (node == null || !node.isObject()) {
            return;
        }
        String batchKey = text(node, "batch");
        if (batchKey != null) {
            Batch known = batches.get(batchKey);
            List<String> documents = new ArrayList<>();
            node.path("documents").forEach(key -> documents.add(key.asText()));
            if (known != null && documents.isEmpty()) {
                documents.addAll(known.documents());
            }
            String id = text(node, "id") != null ? text(node, "id") : known == null ? null : known.id();
            batches.put(batchKey, new Batch(batchKey, List.copyOf(documents), id));
            return;
        }
        Outcome outcome = new Outcome(text(node, "key"), text(node, "rows"), text(node, "document"),
                node.path("httpStatus").asInt(), text(node, "id"), text(node, "status"), text(node, "irn"),
                text(node, "ackNumber"), text(node, "ackDate"), text(node, "errorCode"), text(node, "errors"), text(node, "warnings"),
                text(node, "batchId"));
        if (outcome.key() != null && outcome.status() != null) {
            outcomes.put(outcome.key(), outcome);
        }
    }

    Path file() {
        return file;
    }

    synchronized Outcome get(String key) {
        return outcomes.get(key);
    }

    synchronized Collection<Batch> batches() {
        return List.copyOf(batches.values());
    }

    /** Records a batch about to be sent, before it is sent. */
    synchronized void recordBatchIntent(String batchKey, List<String> documentKeys) throws IOException {
        ObjectNode node = InvoiceFiles.JSON.createObjectNode();
        node.put("batch", batchKey);
        ArrayNode documents = node.putArray("documents");
        documentKeys.forEach(documents::add);
        write(node);
        batches.put(batchKey, new Batch(batchKey, List.copyOf(documentKeys), null));
    }

    /** Records the id the server gave a batch. */
    synchronized void recordBatchAccepted(String batchKey, String id) throws IOException {
        ObjectNode node = InvoiceFiles.JSON.createObjectNode();
        node.put("batch", batchKey);
        node.put("id", id);
        write(node);
        Batch known = batches.get(batchKey);
        batches.put(batchKey, new Batch(batchKey, known == null ? List.of() : known.documents(), id));
    }

    /** Records an answer; it reaches the file (the operating system) before this returns, so a killed run keeps it. */
    synchronized void record(Outcome outcome) throws IOException {
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
        node.put("batchId", outcome.batchId());
        write(node);
        outcomes.put(outcome.key(), outcome);
    }

    private void write(ObjectNode node) throws IOException {
        if (out == null) {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        out.write((InvoiceFiles.JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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
