package dev.openirn.server.console;

import dev.openirn.server.tenancy.ApiEnvironment;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Resolves the {@link ConsoleScope} of a request: the signed-in user (read afresh, so a changed role applies at
 * once), and the organization and environment from {@code ?org=} and {@code ?env=}, remembered in the session.
 */
@Component
class ConsoleScopes {

    private static final String ORG = "console.org";
    private static final String ENV = "console.env";
    private static final String RESOLVED = ConsoleScopes.class.getName();

    private final ConsoleUsers users;
    private final JdbcClient jdbc;

    ConsoleScopes(ConsoleUsers users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    ConsoleScope resolve(Authentication authentication, HttpServletRequest request) {
        Object cached = request.getAttribute(RESOLVED);
        if (cached instanceof ConsoleScope scope) {
            return scope;
        }
        ConsoleUser user = users.find(authentication.getName())
                .orElseThrow(() -> new IllegalStateException("signed-in user vanished"));
        HttpSession session = request.getSession();
        List<ConsoleScope.Organization> organizations = user.instanceAdmin() ? all()
                : all().stream().filter(org -> org.id().equals(user.organizationId())).toList();
        String wantedOrg = firstNonNull(request.getParameter("org"), (String) session.getAttribute(ORG));
        ConsoleScope.Organization organization = organizations.stream().filter(org -> org.id().equals(wantedOrg))
                .findFirst().orElse(organizations.isEmpty() ? null : organizations.get(0));
        String wantedEnv = firstNonNull(request.getParameter("env"), (String) session.getAttribute(ENV));
        ApiEnvironment environment = "live".equals(wantedEnv) ? ApiEnvironment.LIVE : ApiEnvironment.TEST;
        if (organization != null) {
            session.setAttribute(ORG, organization.id());
        }
        session.setAttribute(ENV, environment.wireName());
        ConsoleScope scope = new ConsoleScope(user, organization, environment, organizations);
        request.setAttribute(RESOLVED, scope);
        return scope;
    }

    private List<ConsoleScope.Organization> all() {
        return jdbc.sql("select id, name from organization order by name")
                .query((rs, n) -> new ConsoleScope.Organization(rs.getString("id"), rs.getString("name")))
                .list();
    }

    private static String firstNonNull(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
