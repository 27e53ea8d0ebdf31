package dev.openirn.server.einvoice.registration;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.idempotency.IdempotencyFilter;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/einvoices/batches}: submit many invoices at once, then follow their progress. */
@RestController
@RequestMapping(path = "/v1/einvoices/batches", produces = MediaType.APPLICATION_JSON_VALUE)
class BatchController {

    private static final Pattern BATCH_ID = Pattern.compile("batch_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Set<String> PARAMETERS = Set.of("limit", "cursor");

    private final EInvoiceBatches batches;
    private final BatchCompletion completion;

    BatchController(EInvoiceBatches batches, BatchCompletion completion) {
        this.batches = batches;
        this.completion = completion;
    }

    /** The raw body is kept as bytes, as for a single generate: each item is read by the same intake. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchView> submit(Caller caller, @RequestBody(required = false) byte[] body,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey) {
        BatchView batch = batches.submit(caller, body, idempotencyKey);
        // A batch with nothing to send (all invalid, or all registered before) is complete at once, by this check or
        // by the completion job if it got there first.
        if (completion.completeIfFinished(batch.id())) {
            batch = batches.find(caller, batch.id()).orElseThrow();
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(batch);
    }

    @GetMapping("/{id}")
    BatchView get(Caller caller, @PathVariable String id, @RequestParam MultiValueMap<String, String> parameters) {
        Query query = query(parameters, EInvoiceBatches.DEFAULT_ITEM_LIMIT, EInvoiceBatches.MAX_ITEM_LIMIT);
        int from = 0;
        if (query.cursor() != null) {
            try {
                from = Integer.parseInt(query.cursor());
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0) {
                throw EInvoiceBatches.invalidParameter("cursor", "cursor must be the nextCursor of an earlier page.");
            }
        }
        if (!BATCH_ID.matcher(id).matches()) {
            throw ApiException.notFound("Batch " + id);
        }
        return batches.get(caller, id, query.limit(), from);
    }

    @GetMapping
    BatchView.BatchPage list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        Query query = query(parameters, EInvoiceBatches.DEFAULT_BATCH_LIMIT, EInvoiceBatches.MAX_BATCH_LIMIT);
        if (query.cursor() != null && !BATCH_ID.matcher(query.cursor()).matches()) {
            throw EInvoiceBatches.invalidParameter("cursor", "cursor must be the nextCursor of an earlier page (a batch id).");
        }
        return batches.list(caller, query.limit(), query.cursor());
    }

    private record Query(int limit, String cursor) {
    }

    private static Query query(MultiValueMap<String, String> parameters, int defaultLimit, int maxLimit) {
        List<ErrorDetail> errors = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                errors.add(ErrorDetail.of(name, "request.parameter_unknown", "Unknown query parameter " + name + "; known: limit, cursor."));
            } else if (parameters.get(name).size() > 1) {
                errors.add(ErrorDetail.of(name, "request.parameter_repeated", "Query parameter " + name + " is given more than once."));
            }
        }
        int limit = defaultLimit;
        String limitText = parameters.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > maxLimit) {
                errors.add(ErrorDetail.of("limit", "request.parameter_invalid", "limit must be an integer between 1 and " + maxLimit + "."));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "request.parameter_invalid",
                    errors.size() == 1 ? errors.get(0).message() : "Some query parameters are invalid; see details.", errors, null, null);
        }
        return new Query(limit, parameters.getFirst("cursor"));
    }
}
