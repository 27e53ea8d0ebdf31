package dev.openirn.cli;

import dev.openirn.client.EInvoiceBatch;
import dev.openirn.client.ErrorDetail;
import dev.openirn.client.OpenIrnClient;
import dev.openirn.client.OpenIrnException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Sends an import's documents through {@code POST /v1/einvoices/batches} and follows the batches until the server
 * has settled every item, keeping {@link ImportState} up to date so that a run killed at any point continues where
 * it stopped:
 * <ul>
 * <li>each batch is recorded with its Idempotency-Key and documents before it is sent, so a batch whose answer was
 * lost is sent again under the same key (and the server answers it from that key);</li>
 * <li>each item carries its document's own key, so a document sent again in another batch finds what it
 * registered;</li>
 * <li>results come from the batches' item pages, not from a request per document.</li>
 * </ul>
 * At most {@code inFlight} batches are unsettled at once: the next one is validated and stored by the server while
 * the worker drains the previous one, and the API's per-client rate limit is spent on a handful of requests per
 * batch rather than one per document.
 */
final class BatchImport {

    /** Item statuses the server has not finished with; anything else is settled for the import's purposes. */
    private static final Set<String> WAITING = Set.of("pending", "queued");
    private static final long MAX_POLL_PAUSE_MILLIS = 2000;
    private static final int IN_PROGRESS_TRIES = 30;

    private final OpenIrnClient client;
    private final ImportState state;
    private final Map<String, InputDocument> documents;
    private final PrintStream err;
    private final int batchSize;
    private final int inFlight;
    private final Deque<Chunk> toSend = new ArrayDeque<>();
    private final List<Followed> open = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private Progress progress;
    private int settledAtStart;
    private boolean unavailable;
    private boolean refused;
    private volatile boolean stop;

    /** Documents to send in one batch; {@code key} is the batch's Idempotency-Key when an earlier run recorded one. */
    private record Chunk(String key, List<InputDocument> documents) {
    }

    /** A batch the server accepted and this run follows; {@code last} is its latest answer (its counts). */
    private static final class Followed {
        final String id;
        EInvoiceBatch last;
        int polls;
        /** Its items were read while it was already settled (when it was accepted so). */
        boolean readSettled;

        Followed(String id, EInvoiceBatch last) {
            this.id = id;
            this.last = last;
        }
    }

    /** @param documents the file's documents by their Idempotency-Key, in file order */
    BatchImport(OpenIrnClient client, ImportState state, Map<String, InputDocument> documents, PrintStream err, int batchSize,
            int inFlight) {
        this.client = client;
        this.state = state;
        this.documents = documents;
        this.err = err;
        this.batchSize = batchSize;
        this.inFlight = Math.max(1, inFlight);
    }

    /** Why the run stopped early, if it did (one line each). */
    List<String> fatal() {
        return fatal;
    }

    boolean unavailable() {
        return unavailable;
    }

    boolean refused() {
        return refused;
    }

    void stop() {
        stop = true;
    }

    /** How many documents an earlier run left with an answer (and so are not sent again). */
    int plan() {
        Set<String> covered = new HashSet<>();
        Map<String, Followed> follow = new LinkedHashMap<>();
        // Accepted batches whose documents are not all final are read again, never sent again.
        for (ImportState.Batch batch : state.batches()) {
            if (batch.id() == null) {
                continue;
            }
            List<String> unfinished = batch.documents().stream().filter(documents::containsKey)
                    .filter(key -> state.get(key) == null || !state.get(key).isFinal()).toList();
            if (!unfinished.isEmpty()) {
                follow.putIfAbsent(batch.id(), new Followed(batch.id(), null));
                covered.addAll(batch.documents());
            }
        }
        for (InputDocument document : documents.values()) {
            ImportState.Outcome outcome = state.get(document.idempotencyKey());
            if (outcome != null && outcome.batchId() != null && !outcome.isFinal()) {
                follow.putIfAbsent(outcome.batchId(), new Followed(outcome.batchId(), null));
                covered.add(document.idempotencyKey());
            }
        }
        open.addAll(follow.values());
        // A batch recorded but never answered goes again under its key, with exactly the same documents.
        for (ImportState.Batch batch : state.batches()) {
            if (batch.id() != null || batch.documents().isEmpty()) {
                continue;
            }
            boolean intact = batch.documents().stream().allMatch(key -> documents.containsKey(key) && state.get(key) == null
                    && !covered.contains(key));
            if (intact) {
                toSend.add(new Chunk(batch.key(), batch.documents().stream().map(documents::get).toList()));
                covered.addAll(batch.documents());
            }
        }
        // Everything else without a final answer: documents never sent, and those an import before batches left open.
        List<InputDocument> fresh = documents.values().stream().filter(document -> !covered.contains(document.idempotencyKey()))
                .filter(document -> {
                    ImportState.Outcome outcome = state.get(document.idempotencyKey());
                    return outcome == null || (!outcome.isFinal() && outcome.batchId() == null);
                }).toList();
        for (int from = 0; from < fresh.size(); from += batchSize) {
            toSend.add(new Chunk(null, fresh.subList(from, Math.min(fresh.size(), from + batchSize))));
        }
        settledAtStart = settled();
        return (int) documents.keySet().stream().filter(key -> state.get(key) != null).count();
    }

    /** Sends and follows until every batch is settled, or the run must stop. */
    void run(boolean showProgress) throws IOException {
        progress = new Progress(err, documents.size(), settledAtStart, showProgress);
        while (!stop && (!toSend.isEmpty() || !open.isEmpty())) {
            if (!toSend.isEmpty() && open.size() < inFlight) {
                Followed accepted = send(toSend.poll());
                if (accepted == null) {
                    break;
                }
                open.add(accepted);
                showProgress();
                continue;
            }
            Followed oldest = open.get(0);
            if (oldest.last == null || !settled(oldest.last)) {
                pause(Math.min(MAX_POLL_PAUSE_MILLIS, 250L << Math.min(oldest.polls++, 4)));
                if (!poll(oldest)) {
                    break;
                }
            }
            if (settled(oldest.last)) {
                if (!oldest.readSettled && !readItems(oldest)) {
                    break;
                }
                open.remove(0);
            }
            showProgress();
        }
        progress.update(settled() - settledAtStart, failed());
        progress.draw(true);
    }

    /**
     * After the run: follows batches with documents the IRP is still retrying until they are final or
     * {@code deadline} passes, reading their items again.
     */
    void waitForRetries(Instant deadline) throws IOException {
        while (!stop && Instant.now().isBefore(deadline)) {
            Set<String> unfinished = documents.keySet().stream().map(state::get)
                    .filter(outcome -> outcome != null && outcome.batchId() != null && !outcome.isFinal())
                    .map(ImportState.Outcome::batchId).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            if (unfinished.isEmpty()) {
                return;
            }
            pause(MAX_POLL_PAUSE_MILLIS);
            for (String id : unfinished) {
                if (!readItems(new Followed(id, null))) {
                    return;
                }
            }
        }
    }

    private Followed send(Chunk chunk) throws IOException {
        String key = chunk.key();
        List<String> keys = chunk.documents().stream().map(InputDocument::idempotencyKey).toList();
        if (key == null) {
            key = newBatchKey();
            state.recordBatchIntent(key, keys);
        }
        Map<String, byte[]> items = new LinkedHashMap<>();
        chunk.documents().forEach(document -> items.put(document.idempotencyKey(), document.body()));
        int inProgress = 0;
        boolean rekeyed = false;
        while (!stop) {
            try {
                EInvoiceBatch accepted = client.submitBatch(items, key);
                state.recordBatchAccepted(key, accepted.id());
                Followed followed = new Followed(accepted.id(), accepted);
                followed.readSettled = settled(accepted);
                return readItems(followed) ? followed : null;
            } catch (OpenIrnException.RateLimitedException slowDown) {
                // The client's rate limit: the SDK already waited out each Retry-After; keep going at the allowed pace.
            } catch (OpenIrnException.ConflictException conflict) {
                if ("idempotency.in_progress".equals(conflict.code()) && ++inProgress < IN_PROGRESS_TRIES) {
                    pause(MAX_POLL_PAUSE_MILLIS); // the server is still storing this batch from an earlier attempt
                } else if ("idempotency.key_reused_mismatch".equals(conflict.code()) && !rekeyed) {
                    // The key's earlier request differs (e.g. a state file copied beside another input): a key of its own.
                    key = newBatchKey();
                    state.recordBatchIntent(key, keys);
                    rekeyed = true;
                } else {
                    return refusedBy(conflict);
                }
            } catch (OpenIrnException.AuthenticationException denied) {
                fatal.add("authentication: " + denied.getMessage());
                stop = true;
                return null;
            } catch (OpenIrnException.ConnectionException | OpenIrnException.ServerException down) {
                return unreachable(down);
            } catch (OpenIrnException other) {
                return refusedBy(other);
            }
        }
        return null;
    }

    private Followed refusedBy(OpenIrnException refusal) {
        String details = refusal.details().stream().map(ErrorDetail::toString).collect(Collectors.joining("; "));
        fatal.add("the server refused a batch: HTTP " + refusal.httpStatus() + " " + refusal.code() + ": " + refusal.getMessage()
                + (details.isEmpty() ? "" : " (" + details + ")"));
        refused = true;
        stop = true;
        return null;
    }

    private Followed unreachable(OpenIrnException down) {
        fatal.add("the server is unavailable (" + down.getMessage() + "); stopped");
        unavailable = true;
        stop = true;
        return null;
    }

    private boolean poll(Followed batch) throws IOException {
        return reached(() -> batch.last = client.getBatch(batch.id));
    }

    /** Reads every item of the batch by cursor and records each document whose outcome changed. */
    private boolean readItems(Followed batch) throws IOException {
        return reached(() -> {
            for (EInvoiceBatch.Item item : client.iterateBatchItems(batch.id)) {
                InputDocument document = item.idempotencyKey() == null ? null : documents.get(item.idempotencyKey());
                if (document == null) {
                    continue; // a document since changed in the file (its key changed with it): sent anew
                }
                ImportState.Outcome now = outcome(document, item, batch.id);
                if (!now.equals(state.get(document.idempotencyKey()))) {
                    state.record(now);
                }
            }
        });
    }

    private interface ServerCall {
        void run() throws IOException;
    }

    /** Runs a call to the server; false when it could not be made (a refused login stops the import). */
    private boolean reached(ServerCall call) throws IOException {
        try {
            call.run();
            return true;
        } catch (OpenIrnException.AuthenticationException denied) {
            fatal.add("authentication: " + denied.getMessage());
            stop = true;
            return false;
        } catch (OpenIrnException failure) {
            unreachable(failure);
            return false;
        }
    }

    private static ImportState.Outcome outcome(InputDocument document, EInvoiceBatch.Item item, String batchId) {
        boolean invalid = "invalid".equals(item.status());
        List<String> problems = new ArrayList<>();
        for (ErrorDetail detail : item.errors()) {
            if (invalid) {
                RowError at = document.locate().apply(detail.field());
                problems.add("row " + at.row() + " " + at.column() + ": " + detail.code() + " " + detail.message()
                        + (detail.nicCode() == null ? "" : " (IRP " + detail.nicCode() + ")"));
            } else {
                problems.add((detail.nicCode() == null ? "" : "IRP " + detail.nicCode() + " ") + detail.message());
            }
        }
        String errorCode = item.errors().isEmpty() ? null : item.errors().get(0).code();
        // What POST /v1/einvoices would have answered the document: 409 for a number or key taken by other data, else 422.
        int httpStatus = !invalid ? 202
                : "einvoice.duplicate".equals(errorCode) || "idempotency.key_reused_mismatch".equals(errorCode) ? 409 : 422;
        String warnings = item.warnings().isEmpty() ? null
                : item.warnings().stream().map(ErrorDetail::toString).collect(Collectors.joining("; "));
        return new ImportState.Outcome(document.idempotencyKey(), document.rows(), document.label(), httpStatus, item.eInvoiceId(),
                invalid ? "rejected" : item.status(), item.irn(), item.ackNumber(), item.ackDate(), errorCode,
                problems.isEmpty() ? null : String.join("; ", problems), warnings, batchId);
    }

    private static boolean settled(EInvoiceBatch batch) {
        return batch.isCompleted() || WAITING.stream().mapToLong(batch::count).sum() == 0;
    }

    /** Documents the server has settled: from the state, or from the counts of the batches being followed. */
    private int settled() {
        Set<String> followed = followedKeys();
        int count = 0;
        for (String key : documents.keySet()) {
            ImportState.Outcome outcome = state.get(key);
            if (!followed.contains(key) && outcome != null && !WAITING.contains(outcome.status())) {
                count++;
            }
        }
        for (Followed batch : open) {
            if (batch.last != null) {
                count += (int) (batch.last.count("total") - WAITING.stream().mapToLong(batch.last::count).sum());
            }
        }
        return Math.min(count, documents.size());
    }

    private int failed() {
        Set<String> followed = followedKeys();
        int count = 0;
        for (String key : documents.keySet()) {
            ImportState.Outcome outcome = state.get(key);
            if (!followed.contains(key) && outcome != null && outcome.failed()) {
                count++;
            }
        }
        for (Followed batch : open) {
            if (batch.last != null) {
                count += (int) (batch.last.count("invalid") + batch.last.count("failed_terminal"));
            }
        }
        return count;
    }

    private Set<String> followedKeys() {
        Set<String> ids = new HashSet<>();
        open.stream().filter(batch -> batch.last != null).forEach(batch -> ids.add(batch.id));
        Set<String> keys = new HashSet<>();
        for (String key : documents.keySet()) {
            ImportState.Outcome outcome = state.get(key);
            if (outcome != null && ids.contains(outcome.batchId())) {
                keys.add(key);
            }
        }
        return keys;
    }

    private void showProgress() {
        progress.update(settled() - settledAtStart, failed());
    }

    private static String newBatchKey() {
        return "imp-batch-" + UUID.randomUUID();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stop = true;
        }
    }
}
