package dev.openirn.server.console;

import dev.openirn.server.ewaybill.EwayBillListing;
import dev.openirn.server.ewaybill.EwayBillStatus;
import dev.openirn.server.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /console/ewaybills}: the tenant's e-way bills, searched as the API lists them. */
@Hidden
@Controller
class EwayBillsController {

    private static final int PAGE = 25;

    private final ConsoleScopes scopes;
    private final EwayBillListing listing;

    EwayBillsController(ConsoleScopes scopes, EwayBillListing listing) {
        this.scopes = scopes;
        this.listing = listing;
    }

    /** The search form's fields, echoed back into it. */
    record Search(String number, String ewbNumber, String vehicle, String status, String after) {
    }

    @GetMapping("/console/ewaybills")
    String search(Authentication authentication, HttpServletRequest request, Model model,
            @RequestParam(required = false) String number, @RequestParam(required = false) String ewbNumber,
            @RequestParam(required = false) String vehicle, @RequestParam(required = false) String status,
            @RequestParam(required = false) String after) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        Search search = new Search(blankToNull(number), blankToNull(ewbNumber), blankToNull(vehicle), blankToNull(status),
                blankToNull(after));
        model.addAttribute("search", search);
        model.addAttribute("statuses", Arrays.stream(EwayBillStatus.values()).map(EwayBillStatus::wireName).toList());
        model.addAttribute("rows", List.of());
        if (scope.organization() == null) {
            return "console/ewaybills";
        }
        MultiValueMap<String, String> filters = new LinkedMultiValueMap<>();
        filters.add("limit", Integer.toString(PAGE));
        put(filters, "documentNumber", search.number());
        put(filters, "ewbNumber", search.ewbNumber());
        put(filters, "vehicleNumber", search.vehicle());
        put(filters, "status", search.status());
        put(filters, "startingAfter", search.after());
        try {
            EwayBillListing.EwayBillPage page = listing.list(scope.caller(), filters);
            model.addAttribute("rows", page.data());
            model.addAttribute("nextAfter", page.hasMore() ? page.data().get(page.data().size() - 1).id() : null);
        } catch (ApiException e) {
            model.addAttribute("searchProblem", e.getMessage());
            model.addAttribute("searchDetails", e.details());
        }
        return "console/ewaybills";
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
