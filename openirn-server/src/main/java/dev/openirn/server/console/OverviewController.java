package dev.openirn.server.console;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /console}: last 24 h by status, the retry queue, recent IRP error codes, the IRP circuits. */
@Hidden
@Controller
class OverviewController {

    private final ConsoleScopes scopes;
    private final ConsoleOverview overview;

    OverviewController(ConsoleScopes scopes, ConsoleOverview overview) {
        this.scopes = scopes;
        this.overview = overview;
    }

    @GetMapping({"/console", "/console/"})
    String overview(Authentication authentication, HttpServletRequest request, Model model) {
        ConsoleScope scope = scopes.resolve(authentication, request);
        if (scope.organization() != null) {
            model.addAttribute("summary", overview.summary(scope.organizationId(), scope.env()));
        }
        return "console/overview";
    }
}
