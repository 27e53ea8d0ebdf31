package dev.openirn.server.console;

import dev.openirn.server.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every console page shares: the scope in the model, the CSRF token for htmx, a friendly page for an
 * {@link ApiException} a service threw (the API would answer it as JSON), and the rule that a user with a
 * generated password changes it before doing anything else.
 */
@ControllerAdvice(basePackageClasses = ConsoleWeb.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleWeb implements WebMvcConfigurer {

    private final ConsoleScopes scopes;

    ConsoleWeb(ConsoleScopes scopes) {
        this.scopes = scopes;
    }

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated() && request.getUserPrincipal() != null) {
            model.addAttribute("scope", scopes.resolve(authentication, request));
        }
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            model.addAttribute("csrfHeader", token.getHeaderName());
            model.addAttribute("csrfToken", token.getToken());
        }
        model.addAttribute("path", request.getRequestURI());
    }

    @ExceptionHandler(ApiException.class)
    String problem(ApiException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        common(request, model); // an exception handler starts from an empty model
        response.setStatus(e.status().value());
        model.addAttribute("problemCode", e.code());
        model.addAttribute("problemMessage", e.getMessage());
        model.addAttribute("problemDetails", e.details());
        return "console/problem";
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws Exception {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication == null || request.getUserPrincipal() == null) {
                    return true;
                }
                if (scopes.resolve(authentication, request).user().mustChangePassword()) {
                    response.sendRedirect(request.getContextPath() + "/console/password");
                    return false;
                }
                return true;
            }
        }).addPathPatterns("/console", "/console/**")
                .excludePathPatterns("/console/password", "/console/login", "/console/logout", "/console/assets/**");
    }
}
