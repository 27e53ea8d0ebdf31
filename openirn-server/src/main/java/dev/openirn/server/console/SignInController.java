package dev.openirn.server.console;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page (Spring Security checks the form it posts) and the password change. */
@Hidden
@Controller
class SignInController {

    private final ConsoleUsers users;
    private final ConsoleAudit audit;
    private final ConsoleScopes scopes;
    private final ConsoleProperties properties;

    SignInController(ConsoleUsers users, ConsoleAudit audit, ConsoleScopes scopes, ConsoleProperties properties) {
        this.users = users;
        this.audit = audit;
        this.scopes = scopes;
        this.properties = properties;
    }

    @GetMapping(ConsoleSecurityConfiguration.SIGN_IN)
    String signIn() {
        return "console/login";
    }

    @GetMapping("/console/password")
    String passwordForm(Model model) {
        model.addAttribute("minLength", properties.minPasswordLength());
        return "console/password";
    }

    @PostMapping("/console/password")
    String changePassword(Authentication authentication, HttpServletRequest request, Model model,
            @RequestParam String current, @RequestParam String replacement, @RequestParam String confirmation) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        model.addAttribute("minLength", properties.minPasswordLength());
        String problem = null;
        if (replacement.length() < properties.minPasswordLength()) {
            problem = "The new password must have at least " + properties.minPasswordLength() + " characters.";
        } else if (!replacement.equals(confirmation)) {
            problem = "The new password and its confirmation differ.";
        } else if (replacement.equals(current)) {
            problem = "The new password must differ from the current one.";
        } else if (!users.changePassword(scope.user().email(), current, replacement)) {
            problem = "The current password is wrong.";
        }
        audit.record(scope.user().id(), scope.user().email(), scope.user().organizationId(), null, "change_password",
                null, problem == null ? "ok" : "refused", problem);
        if (problem != null) {
            model.addAttribute("problem", problem);
            return "console/password";
        }
        return "redirect:/console?passwordChanged";
    }
}
