package dev.openirn.server.einvoice.cancellation;

import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.Upstream;
import java.util.List;
import org.springframework.http.HttpStatus;

/** How a refused cancel is answered over HTTP, at the API edge ({@link CancelController}): decisions know no status codes. */
final class CancelRefusals {

    private CancelRefusals() {
    }

    static ApiException toApiException(EInvoiceCancellation.Decision refusal) {
        HttpStatus status = switch (refusal.errorCode()) {
            case "irp_credentials.not_configured", "ewb_credentials.not_configured" -> HttpStatus.BAD_REQUEST;
            case "irp_credentials.invalid", "ewb_credentials.invalid" -> HttpStatus.BAD_GATEWAY;
            case "ewaybill.rejected_by_nic" -> HttpStatus.UNPROCESSABLE_CONTENT;
            default -> HttpStatus.CONFLICT;
        };
        Upstream upstream = refusal.upstreamCode() == null ? null : Upstream.nic(refusal.upstreamCode(), refusal.upstreamMessage());
        return new ApiException(status, refusal.errorCode(), refusal.errorMessage(), List.of(), upstream, null);
    }
}
