package dev.openirn.server.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's own filter chain, before the API's: form sign-in for people, an HTTP session (cookie HttpOnly,
 * SameSite=Strict, Secure whenever the request came over TLS), CSRF tokens on every form, lockout after repeated
 * wrong passwords, and sign-out. The API's chain stays stateless and knows nothing of it.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/login";

    @Bean
    @Order(0)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, ConsoleUsers users, PasswordEncoder passwordEncoder,
            ConsoleAudit audit, ConsoleProperties properties, Clock clock) throws Exception {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetails(users, clock));
        provider.setPasswordEncoder(passwordEncoder);
        http.securityMatcher("/console/**")
                .authenticationManager(new ProviderManager(provider))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(SIGN_IN, "/console/assets/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/einvoices/*/retry", "/console/einvoices/*/cancel",
                                "/console/credentials/test").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.POST, "/console/credentials/**", "/console/clients/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .successHandler((request, response, authentication) -> {
                            users.signInSucceeded(authentication.getName());
                            ConsoleUser user = users.find(authentication.getName()).orElseThrow();
                            audit.record(user.id(), user.email(), user.organizationId(), null, "sign_in", null, "ok", null);
                            response.sendRedirect(request.getContextPath()
                                    + (user.mustChangePassword() ? "/console/password" : "/console"));
                        })
                        .failureHandler((request, response, exception) -> {
                            String email = ConsoleUsers.normalise(request.getParameter("email"));
                            String outcome = "refused";
                            if (exception instanceof BadCredentialsException && email != null) {
                                boolean locked = users.signInFailed(email, properties.maxFailedSignIns(), clock.instant(),
                                        properties.lockout());
                                outcome = locked ? "locked" : "wrong_password";
                            } else if (exception instanceof org.springframework.security.authentication.LockedException) {
                                outcome = "locked_out";
                            }
                            String known = email == null ? null : users.find(email).map(ConsoleUser::id).orElse(null);
                            audit.record(known, email == null ? "" : email, null, null, "sign_in", null, outcome, null);
                            response.sendRedirect(request.getContextPath() + SIGN_IN + "?error");
                        }))
                .logout(logout -> logout
                        .logoutUrl("/console/logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                users.find(authentication.getName()).ifPresent(user -> audit.record(user.id(),
                                        user.email(), user.organizationId(), null, "sign_out", null, "ok", null));
                            }
                        })
                        .logoutSuccessUrl(SIGN_IN + "?signedOut")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions
                        .accessDeniedHandler((request, response, denied) -> {
                            // The CSRF filter runs before the request is wrapped: read the session's sign-in directly.
                            var principal = org.springframework.security.core.context.SecurityContextHolder.getContext()
                                    .getAuthentication();
                            if (principal != null && !principal.isAuthenticated()) {
                                principal = null;
                            }
                            String email = principal == null ? "" : principal.getName();
                            String outcome = denied instanceof CsrfException ? "refused_csrf" : "denied_role";
                            String organizationId = principal == null ? null
                                    : users.find(email).map(ConsoleUser::organizationId).orElse(null);
                            audit.record(null, email, organizationId, null, request.getMethod() + " " + request.getRequestURI(),
                                    null, outcome, null);
                            forbidden(response, denied instanceof CsrfException
                                    ? "This form has expired or did not come from the console. Reload the page and try again."
                                    : "Your role may not do this. Ask an admin of your organization.");
                        }));
        return http.build();
    }

    /** Users as Spring Security checks them: a locked account is refused before its password is even compared. */
    private static UserDetailsService userDetails(ConsoleUsers users, Clock clock) {
        return email -> users.find(email)
                .map(user -> User.withUsername(user.email())
                        .password(user.passwordHash())
                        .accountLocked(user.lockedAt(clock.instant()))
                        .authorities(List.of(new SimpleGrantedAuthority(user.role().authority())))
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no such console user"));
    }

    private static void forbidden(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Not allowed · OpenIRN console</title><link rel="stylesheet" href="/console/assets/console.css"></head>
                <body><main class="narrow"><h1>Not allowed</h1><p role="alert" id="forbidden">%s</p>
                <p><a href="/console">Back to the console</a></p></main></body></html>"""
                .formatted(HtmlUtils.htmlEscape(message))).getBytes(StandardCharsets.UTF_8));
    }
}
