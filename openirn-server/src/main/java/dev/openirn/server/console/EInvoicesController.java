package dev.openirn.server.console;

import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceEvent;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.einvoice.cancellation.EInvoiceCancellation;
import dev.openirn.server.einvoice.listing.EInvoiceListing;
import dev.openirn.server.einvoice.printing.InvoicePdf;
import dev.openirn.server.tools.QrImages;
import dev.openirn.server.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /console/einvoices}: search, detail with the lifecycle timeline, QR, PDF and JSON, and the operator's
 * actions: retry now ({@code failed_retriable}) and cancel with a reason. Every read and action goes through the
 * services the API uses, in the signed-in user's tenant.
 */
@Hidden
@Controller
class EInvoicesController {

    private static final int PAGE = 25;

    private final ConsoleScopes scopes;
    private final EInvoiceListing listing;
    private final EInvoiceViews views;
    private final EInvoices invoices;
    private final EInvoiceCancellation cancellation;
    private final InvoicePdf pdf;
    private final ConsoleAudit audit;
    private final JsonMapper json;
    private final Clock clock;

    EInvoicesController(ConsoleScopes scopes, EInvoiceListing listing, EInvoiceViews views, EInvoices invoices,
            EInvoiceCancellation cancellation, InvoicePdf pdf, ConsoleAudit audit, JsonMapper json, Clock clock) {
        this.scopes = scopes;
        this.listing = listing;
        this.views = views;
        this.invoices = invoices;
        this.cancellation = cancellation;
        this.pdf = pdf;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The search form's fields, echoed back into it. */
    record Search(String number, String gstin, String buyerGstin, String irn, String status, String from, String to,
            String after) {
    }

    @GetMapping("/console/einvoices")
    String search(Authentication authentication, HttpServletRequest request, Model model,
            @RequestParam(required = false) String number, @RequestParam(required = false) String gstin,
            @RequestParam(required = false) String buyerGstin, @RequestParam(required = false) String irn,
            @RequestParam(required = false) String status, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String after) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        Search search = new Search(blankToNull(number), blankToNull(gstin), blankToNull(buyerGstin), blankToNull(irn),
                blankToNull(status), blankToNull(from), blankToNull(to), blankToNull(after));
        model.addAttribute("search", search);
        model.addAttribute("statuses", ConsoleOverview.STATUSES);
        if (scope.organization() == null) {
            model.addAttribute("rows", List.of());
            return "console/einvoices";
        }
        if (search.irn() != null) {
            model.addAttribute("rows", invoices.findByIrn(scope.organizationId(), scope.env(), search.irn().strip())
                    .map(views::view).map(List::of).orElse(List.of()));
            return "console/einvoices";
        }
        MultiValueMap<String, String> filters = new LinkedMultiValueMap<>();
        filters.add("limit", Integer.toString(PAGE));
        put(filters, "invoiceNumber", search.number());
        put(filters, "sellerGstin", search.gstin());
        put(filters, "buyerGstin", search.buyerGstin());
        put(filters, "status", search.status());
        put(filters, "invoiceDate[gte]", search.from());
        put(filters, "invoiceDate[lte]", search.to());
        put(filters, "startingAfter", search.after());
        try {
            EInvoiceListing.Page page = listing.list(scope.caller(), filters);
            model.addAttribute("rows", page.data());
            model.addAttribute("nextAfter", page.hasMore() ? page.data().get(page.data().size() - 1).id() : null);
        } catch (ApiException e) {
            model.addAttribute("rows", List.of());
            model.addAttribute("searchProblem", e.getMessage());
            model.addAttribute("searchDetails", e.details());
        }
        return "console/einvoices";
    }

    /** One line of the lifecycle timeline: a status change of the e-invoice, or a console action about it. */
    record TimelineEntry(Instant at, String what, String by, String upstreamCode, String upstreamMessage, String note) {
    }

    @GetMapping("/console/einvoices/{id}")
    String detail(Authentication authentication, HttpServletRequest request, Model model, @PathVariable String id) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        EInvoice invoice = find(scope, id);
        List<TimelineEntry> timeline = new ArrayList<>();
        for (EInvoiceEvent event : invoices.events(id)) {
            timeline.add(new TimelineEntry(event.at(), (event.fromStatus() == null ? "created" : event.fromStatus())
                    + " → " + event.toStatus() + (event.attempt() > 0 ? " (attempt " + event.attempt() + ")" : ""),
                    "OpenIRN", event.upstreamCode(), event.upstreamMessage(), event.note()));
        }
        for (ConsoleAudit.Entry entry : audit.about(scope.organizationId(), id)) {
            timeline.add(new TimelineEntry(entry.at(), "console: " + entry.action().replace('_', ' ') + " (" + entry.outcome()
                    + ")", entry.email(), null, null, entry.detail()));
        }
        timeline.sort(Comparator.comparing(TimelineEntry::at));
        model.addAttribute("einvoice", views.view(invoice));
        model.addAttribute("row", invoice);
        model.addAttribute("timeline", timeline);
        model.addAttribute("retriable", invoice.status() == EInvoiceStatus.FAILED_RETRIABLE);
        model.addAttribute("cancellable", invoice.status() == EInvoiceStatus.GENERATED && invoice.generatedAt() != null
                && clock.instant().isBefore(invoice.generatedAt().plus(EInvoiceView.CANCEL_WINDOW)));
        model.addAttribute("printable", invoice.irn() != null
                && (invoice.status() == EInvoiceStatus.GENERATED || invoice.status() == EInvoiceStatus.CANCELLED));
        model.addAttribute("hasQr", invoice.status() == EInvoiceStatus.GENERATED && invoice.signedQrCode() != null);
        return "console/einvoice";
    }

    @GetMapping(path = "/console/einvoices/{id}/json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    EInvoiceView asJson(Authentication authentication, HttpServletRequest request, @PathVariable String id) {
        return views.view(find(scopes.resolve(authentication, request), id));
    }

    @GetMapping("/console/einvoices/{id}/qr.svg")
    ResponseEntity<byte[]> qr(Authentication authentication, HttpServletRequest request, @PathVariable String id)
            throws QrImages.TooLongException {
        EInvoice invoice = find(scopes.resolve(authentication, request), id);
        if (invoice.status() != EInvoiceStatus.GENERATED || invoice.signedQrCode() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.not_generated", "Only a generated e-invoice has a QR code.");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.parseMediaType("image/svg+xml"))
                .body(QrImages.svg(invoice.signedQrCode(), 240).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/console/einvoices/{id}/pdf")
    ResponseEntity<byte[]> printable(Authentication authentication, HttpServletRequest request, @PathVariable String id) {
        EInvoice invoice = find(scopes.resolve(authentication, request), id);
        if (invoice.irn() == null
                || invoice.status() != EInvoiceStatus.GENERATED && invoice.status() != EInvoiceStatus.CANCELLED) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.not_generated",
                    "Only a generated or cancelled e-invoice has an IRN to print.");
        }
        String fileName = (invoice.documentType() + "-" + invoice.invoiceNumber()).replaceAll("[^A-Za-z0-9._-]", "_") + ".pdf";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(fileName).build().toString())
                .body(pdf.render(invoice));
    }

    @PostMapping("/console/einvoices/{id}/retry")
    String retry(Authentication authentication, HttpServletRequest request, @PathVariable String id,
            RedirectAttributes redirect) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        find(scope, id);
        boolean due = invoices.retryNow(scope.organizationId(), scope.env(), id, clock.instant());
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), scope.env(), "retry_now", id,
                due ? "ok" : "refused", due ? null : "not waiting for a retry");
        redirect.addFlashAttribute("notice", due
                ? "Retry requested: the background worker sends it to the IRP within a few seconds."
                : "This e-invoice is not waiting for a retry (it may be in an attempt right now); nothing was changed.");
        return "redirect:/console/einvoices/" + id;
    }

    @PostMapping("/console/einvoices/{id}/cancel")
    String cancel(Authentication authentication, HttpServletRequest request, @PathVariable String id,
            @RequestParam String reasonCode, @RequestParam String remarks, RedirectAttributes redirect) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", reasonCode);
        body.put("remarks", remarks);
        String outcome;
        String notice;
        try {
            EInvoiceCancellation.Outcome result = cancellation.cancel(scope.caller(), id, json.writeValueAsBytes(body));
            outcome = result.kind().name().toLowerCase(Locale.ROOT);
            notice = switch (result.kind()) {
                case CANCELLED -> "Cancelled on the IRP.";
                case DEFERRED -> "The IRP could not take the cancel now; OpenIRN keeps trying in the background.";
                case REFUSED -> "Refused: " + result.refusalMessage();
            };
        } catch (ApiException e) {
            outcome = "refused";
            notice = "Refused: " + e.getMessage() + e.details().stream().map(d -> " " + d.message()).reduce("", String::concat);
        }
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), scope.env(), "cancel", id, outcome,
                "reason " + reasonCode);
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/console/einvoices/" + id;
    }

    private EInvoice find(ConsoleScope scope, String id) {
        if (scope.organization() == null) {
            throw ApiException.notFound("E-invoice " + id);
        }
        return views.find(scope.caller(), id);
    }

    private static void put(MultiValueMap<String, String> filters, String name, String value) {
        if (value != null) {
            filters.add(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
