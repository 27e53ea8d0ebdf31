package dev.openirn.server.console;

import dev.openirn.server.credentials.CredentialRequest;
import dev.openirn.server.credentials.CredentialVault;
import dev.openirn.server.credentials.Portal;
import dev.openirn.server.credentials.TestConnectionResult;
import dev.openirn.server.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/credentials}: the tenant's IRP (and EWB) API users through the credentials vault: add, rotate
 * the password, test the connection, delete. A password goes into the vault and is never shown again.
 */
@Hidden
@Controller
class CredentialsController {

    private final ConsoleScopes scopes;
    private final CredentialVault vault;
    private final ConsoleAudit audit;

    CredentialsController(ConsoleScopes scopes, CredentialVault vault, ConsoleAudit audit) {
        this.scopes = scopes;
        this.vault = vault;
        this.audit = audit;
    }

    @GetMapping("/console/credentials")
    String list(Authentication authentication, HttpServletRequest request, Model model) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        model.addAttribute("credentials", scope.organization() == null ? java.util.List.of() : vault.list(scope.caller()));
        return "console/credentials";
    }

    /** Adds a credential, or changes the user name, password or notes of the one stored for this GSTIN. */
    @PostMapping("/console/credentials")
    String save(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @RequestParam String portal, @RequestParam String gstin, @RequestParam(required = false) String userName,
            @RequestParam(required = false) String password, @RequestParam(required = false) String notes) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        Portal target = portal(portal);
        String normalised = gstin.strip().toUpperCase(Locale.ROOT);
        String outcome;
        try {
            CredentialVault.Upserted saved = vault.upsert(scope.caller(), target, new CredentialRequest(normalised, normalised,
                    blankToNull(userName), blankToNull(password), blankToNull(notes)));
            outcome = saved.created() ? "created" : password != null && !password.isBlank() ? "password_rotated" : "updated";
            redirect.addFlashAttribute("notice", "Saved the " + target.wireName().toUpperCase(Locale.ROOT) + " credential of "
                    + normalised + (saved.created() ? "." : " (" + outcome.replace('_', ' ') + ")."));
        } catch (ApiException e) {
            outcome = "refused";
            redirect.addFlashAttribute("problem", describe(e));
        }
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), scope.env(), "save_credential",
                normalised, outcome, target.wireName());
        return "redirect:/console/credentials";
    }

    @PostMapping("/console/credentials/test")
    String test(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @RequestParam String portal, @RequestParam String gstin) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        Portal target = portal(portal);
        String normalised = gstin.strip().toUpperCase(Locale.ROOT);
        String outcome;
        try {
            TestConnectionResult result = vault.testConnection(scope.caller(), target,
                    new CredentialRequest(normalised, normalised, null, null, null));
            outcome = result.ok() ? "ok" : "failed";
            redirect.addFlashAttribute(result.ok() ? "notice" : "problem", result.ok()
                    ? "Connection to the IRP works for " + normalised + " (" + result.latencyMs() + " ms)."
                    : "The IRP refused " + normalised + ": " + (result.vendorErrorCode() == null ? "" : result.vendorErrorCode() + " ")
                            + (result.vendorMessage() == null ? "" : result.vendorMessage()));
        } catch (ApiException e) {
            outcome = "refused";
            redirect.addFlashAttribute("problem", describe(e));
        }
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), scope.env(), "test_credential",
                normalised, outcome, target.wireName());
        return "redirect:/console/credentials";
    }

    @PostMapping("/console/credentials/delete")
    String delete(Authentication authentication, HttpServletRequest request, RedirectAttributes redirect,
            @RequestParam String portal, @RequestParam String gstin) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        Portal target = portal(portal);
        String normalised = gstin.strip().toUpperCase(Locale.ROOT);
        String outcome;
        try {
            vault.delete(scope.caller(), target, normalised);
            outcome = "ok";
            redirect.addFlashAttribute("notice", "Deleted the credential of " + normalised + "; its password is destroyed.");
        } catch (ApiException e) {
            outcome = "refused";
            redirect.addFlashAttribute("problem", describe(e));
        }
        audit.record(scope.user().id(), scope.user().email(), scope.organizationId(), scope.env(), "delete_credential",
                normalised, outcome, target.wireName());
        return "redirect:/console/credentials";
    }

    private static Portal portal(String value) {
        Portal portal = Portal.fromPath(value);
        if (portal == null) {
            throw ApiException.badRequest("request.parameter_invalid", "portal must be irn or ewb.", "portal");
        }
        return portal;
    }

    static String describe(ApiException e) {
        StringBuilder text = new StringBuilder(e.getMessage());
        e.details().forEach(detail -> text.append(' ').append(detail.message()));
        return text.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
