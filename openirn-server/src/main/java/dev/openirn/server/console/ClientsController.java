package dev.openirn.server.console;

import dev.openirn.server.tenancy.ApiClient;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.IssuedClient;
import dev.openirn.server.tenancy.RateLimitOverrides;
import dev.openirn.server.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/clients}: the organization's API clients, as the admin command manages them: create, rotate
 * the secret (shown once, on the next page only), disable, per-minute rate-limit overrides.
 */
@Hidden
@Controller
class ClientsController {

    private final ConsoleScopes scopes;
    private final ApiClients clients;
    private final ConsoleAudit audit;

    ClientsController(ConsoleScopes scopes, ApiClients clients, ConsoleAudit audit) {
        this.scopes = scopes;
        this.clients = clients;
        this.audit = audit;
    }

    @GetMapping("/console/clients")
    String list(Authentication authentication, HttpServletRequest request, Model model) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        model.addAttribute("clients", scope.organization() == null ? List.of() : clients.summaries(scope.organization().name()));
        return "console/clients";
    }

    @PostMapping("/console/clients")
    String create(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @RequestParam String environment, @RequestParam(required = false) String profile,
            @RequestParam(required = false) String label, @RequestParam(required = false) String apiRateLimit,
            @RequestParam(required = false) String credentialRateLimit, @RequestParam(required = false) String tokenRateLimit) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        if (scope.organization() == null) {
            throw ApiException.notFound("Organization");
        }
        ApiEnvironment env = "live".equals(environment) ? ApiEnvironment.LIVE : ApiEnvironment.TEST;
        String chosenProfile = "strict".equals(profile) || "lenient".equals(profile) ? profile : null;
        RateLimitOverrides limits = limits(apiRateLimit, credentialRateLimit, tokenRateLimit);
        IssuedClient issued = clients.create(scope.organizationId(), env, chosenProfile, null, null,
                label == null || label.isBlank() ? null : label.strip(), limits);
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), env.wireName(), "create_client",
                issued.clientId(), "ok", null);
        redirect.addFlashAttribute("issuedId", issued.clientId());
        redirect.addFlashAttribute("issuedSecret", issued.clientSecret());
        return "redirect:/console/clients";
    }

    @PostMapping("/console/clients/{clientId}/rotate")
    String rotate(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @PathVariable String clientId) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        owned(scope, clientId);
        Optional<IssuedClient> issued = clients.rotateSecret(clientId);
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), null, "rotate_client_secret", clientId,
                issued.isPresent() ? "ok" : "refused", null);
        issued.ifPresent(client -> {
            redirect.addFlashAttribute("issuedId", client.clientId());
            redirect.addFlashAttribute("issuedSecret", client.clientSecret());
        });
        return "redirect:/console/clients";
    }

    @PostMapping("/console/clients/{clientId}/disable")
    String disable(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @PathVariable String clientId) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        owned(scope, clientId);
        boolean done = clients.disable(clientId);
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), null, "disable_client", clientId,
                done ? "ok" : "refused", null);
        redirect.addFlashAttribute("notice", "Disabled " + clientId + ": no new tokens, and its current tokens are refused.");
        return "redirect:/console/clients";
    }

    @PostMapping("/console/clients/{clientId}/limits")
    String limits(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @PathVariable String clientId, @RequestParam(required = false) String apiRateLimit,
            @RequestParam(required = false) String credentialRateLimit, @RequestParam(required = false) String tokenRateLimit) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        owned(scope, clientId);
        RateLimitOverrides limits = limits(apiRateLimit, credentialRateLimit, tokenRateLimit);
        boolean done = clients.setRateLimits(clientId, limits);
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), null, "set_rate_limits", clientId,
                done ? "ok" : "refused", "api=" + limits.api() + " credentials=" + limits.credentials() + " token=" + limits.token());
        redirect.addFlashAttribute("notice", "Rate limits of " + clientId + " saved; an empty field means the default.");
        return "redirect:/console/clients";
    }

    /** The client, if it belongs to the page's organization; otherwise 404, as for any id of another tenant. */
    private ApiClient owned(ConsoleScope scope, String clientId) {
        return clients.find(clientId).filter(client -> client.organizationId().equals(scope.organizationId()))
                .orElseThrow(() -> ApiException.notFound("API client " + clientId));
    }

    private static RateLimitOverrides limits(String api, String credentials, String token) {
        return new RateLimitOverrides(perMinute("apiRateLimit", api), perMinute("credentialRateLimit", credentials),
                perMinute("tokenRateLimit", token));
    }

    private static Integer perMinute(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("request.parameter_invalid", field + " must be a whole number above 0.", field);
    }
}
