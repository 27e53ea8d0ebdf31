package dev.openirn.server.gstin;

import dev.openirn.gst.Gstin;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpError;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.Upstream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A taxpayer's registration from the IRP's Get GSTIN details, asked with one of the calling tenant's
 * IRP API users and kept in {@link GstinCache} for {@code openirn.gstin-lookup.cache-ttl}, so that
 * repeated lookups of the same buyer do not spend the IRP's rate limit. Only registrations are cached:
 * an unknown GSTIN is asked again next time, since it may just have been registered.
 */
@Service
public class GstinLookup {

    /** NIC: the GSTIN is not in the taxpayer master. */
    static final String NOT_IN_MASTER = "3028";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final Irp irp;
    private final IrpCredentials credentials;
    private final GstinCache cache;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration cacheTtl;

    GstinLookup(Irp irp, IrpCredentials credentials, GstinCache cache, JsonMapper json, Clock clock,
            @Value("${openirn.gstin-lookup.cache-ttl:24h}") Duration cacheTtl) {
        if (cacheTtl.isNegative()) {
            throw new IllegalStateException("openirn.gstin-lookup.cache-ttl must not be negative, not " + cacheTtl);
        }
        this.irp = irp;
        this.credentials = credentials;
        this.cache = cache;
        this.json = json;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /** The registration, or a 404 {@code gstin.not_found} when the IRP has no such taxpayer. */
    public GstinRegistration lookup(Caller caller, String requestedGstin) {
        String gstin = wellFormed(requestedGstin);
        Resolved resolved = resolve(caller, gstin);
        if (resolved.registration() == null) {
            throw notFound(gstin, resolved.notFoundMessage());
        }
        return resolved.registration();
    }

    /**
     * The registration of a well-formed {@code gstin}; empty when the IRP has no such taxpayer (3028).
     * Any other failure (IRP down, no credentials) is an {@link ApiException}.
     */
    public Optional<GstinRegistration> find(Caller caller, String gstin) {
        return Optional.ofNullable(resolve(caller, gstin).registration());
    }

    /** A registration, or NIC's message saying it has none. */
    private record Resolved(GstinRegistration registration, String notFoundMessage) {
    }

    private Resolved resolve(Caller caller, String gstin) {
        String environment = caller.environment().wireName();
        Instant now = clock.instant();
        Optional<GstinCache.Entry> cached = cache.find(environment, gstin, now.minus(cacheTtl));
        if (cached.isPresent()) {
            return new Resolved(json.readValue(cached.get().registrationJson(), GstinRegistration.class), null);
        }
        IrpLogin login;
        IrpAnswer answer;
        try {
            login = credentials.forLookup(caller.organizationId(), environment, gstin);
            answer = irp.gstinDetails(environment, login, gstin);
        } catch (IrpCredentialsMissingException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "irp_credentials.not_configured", e.getMessage());
        } catch (IrpUnavailableException e) {
            throw unavailable("irp.unavailable", "The IRP is failing (circuit open); try again later.", null);
        }
        if (answer instanceof IrpAnswer.Taxpayer taxpayer) {
            GstinRegistration registration = GstinRegistration.of(taxpayer.registration(), gstin, now);
            cache.store(environment, gstin, json.writeValueAsString(registration), now);
            return new Resolved(registration, null);
        }
        if (answer instanceof IrpAnswer.Rejected rejected && rejected.hasCode(NOT_IN_MASTER)) {
            return new Resolved(null, rejected.messageOf(NOT_IN_MASTER));
        }
        throw failure(caller, environment, login, answer);
    }

    private static ApiException notFound(String gstin, String upstreamMessage) {
        String message = "The IRP has no taxpayer with GSTIN " + gstin + ".";
        return new ApiException(HttpStatus.NOT_FOUND, "gstin.not_found", message,
                List.of(new ErrorDetail("gstin", "gstin.not_found", message, NOT_IN_MASTER)),
                Upstream.nic(NOT_IN_MASTER, upstreamMessage), null);
    }

    private ApiException failure(Caller caller, String environment, IrpLogin login, IrpAnswer answer) {
        if (answer instanceof IrpAnswer.Rejected rejected) {
            IrpError first = rejected.first();
            String message = "The IRP refused the lookup: " + first;
            return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "gstin.lookup_refused", message,
                    List.of(new ErrorDetail("gstin", "gstin.lookup_refused", message, first.code())),
                    Upstream.nic(first.code(), first.message()), null);
        }
        if (answer instanceof IrpAnswer.CredentialsRefused refused) {
            IrpError first = refused.first();
            credentials.refused(caller.organizationId(), environment, login, first.code(), first.message());
            return new ApiException(HttpStatus.BAD_GATEWAY, "irp_credentials.invalid",
                    "The IRP refused the API user's credentials.", List.of(), Upstream.nic(first.code(), first.message()),
                    null);
        }
        if (answer instanceof IrpAnswer.SystemError error) {
            return unavailable("irp.unavailable", "The IRP reported a system error; try again later.",
                    Upstream.nic(error.first().code(), error.first().message()));
        }
        if (answer instanceof IrpAnswer.NoAnswer none) {
            return unavailable(none.reason() == IrpAnswer.NoAnswer.Reason.TIMEOUT ? "irp.timeout" : "irp.unavailable",
                    "The IRP did not answer (" + none.reason().name().toLowerCase(Locale.ROOT) + "); try again later.", null);
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "irp.unexpected", "Unexpected answer from the IRP to a GSTIN lookup.");
    }

    private static ApiException unavailable(String code, String message, Upstream upstream) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, message, List.of(), upstream, RETRY_AFTER);
    }

    /** The GSTIN in the IRP's form (upper case), or a 400 naming {@code gstin}. */
    private static String wellFormed(String requested) {
        String gstin = requested == null ? "" : requested.strip().toUpperCase(Locale.ROOT);
        if (!Gstin.hasValidFormat(gstin)) {
            throw ApiException.badRequest("gstin.invalid", "gstin must be a well-formed 15-character GSTIN.", "gstin");
        }
        return gstin;
    }
}
