package dev.openirn.server.console;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.tenancy.ApiEnvironment;
import java.util.List;

/**
 * Who is signed in and which tenant (organization and environment) the page works in. A user bound to an
 * organization always works in it; only an instance admin may pick another. The services take the
 * {@link #caller()}, exactly as an API request of that tenant would.
 */
public record ConsoleScope(ConsoleUser user, Organization organization, ApiEnvironment environment,
        List<Organization> organizations) {

    /** An organization the user may pick. */
    public record Organization(String id, String name) {
    }

    /** The tenant as the services know an API caller; the client id names the console user for their audit rows. */
    public Caller caller() {
        return new Caller("console:" + user.email(), organization.id(), environment, null);
    }

    public String organizationId() {
        return organization == null ? null : organization.id();
    }

    public String env() {
        return environment.wireName();
    }

    public boolean mayOperate() {
        return user.mayOperate();
    }

    public boolean mayAdminister() {
        return user.mayAdminister();
    }
}
