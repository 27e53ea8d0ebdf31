package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.gstin.GstinLookup;
import dev.openirn.server.gstin.GstinRegistration;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * {@code openirn.validation.check-buyer-gstin}: strict clients get a buyer the IRP does not know (3028)
 * or that is not active (3029) as a 422 on the buyer's GSTIN before anything is sent, so the IRP never
 * counts the rejection against the seller. Unset, it applies to live clients only (test buyers are often
 * made up). The lookup is cached ({@link GstinLookup}); when it cannot be done (IRP down, no
 * credentials) the invoice goes on unchecked and the IRP judges the buyer itself.
 */
@Component
class BuyerGstinCheck {

    private static final Logger log = LoggerFactory.getLogger(BuyerGstinCheck.class);
    private static final String ACTIVE = "ACT";

    private final GstinLookup lookup;
    private final Boolean configured;

    BuyerGstinCheck(GstinLookup lookup, @Value("${openirn.validation.check-buyer-gstin:#{null}}") Boolean configured) {
        this.lookup = lookup;
        this.configured = configured;
    }

    /** Throws a 422 naming the buyer's GSTIN when the IRP would refuse it; does nothing when the check does not apply. */
    void verify(Caller caller, ValidationProfile profile, NicInvoice invoice, MediaType contentType) {
        if (profile != ValidationProfile.STRICT || !enabledFor(caller.environment()) || invoice.buyer() == null) {
            return;
        }
        String gstin = invoice.buyer().gstin();
        if (gstin == null || !Gstin.hasValidFormat(gstin)) {
            return; // URP (exports, unregistered buyers) or already reported by the validator
        }
        Optional<GstinRegistration> registration;
        try {
            registration = lookup.find(caller, gstin);
        } catch (ApiException cannotAsk) {
            log.info("Buyer GSTIN {} not checked ({}); the IRP will judge it", gstin, cannotAsk.code());
            return;
        }
        String field = InvoiceIntake.NIC_JSON.isCompatibleWith(contentType) ? "BuyerDtls.Gstin" : "buyer.gstin";
        if (registration.isEmpty()) {
            throw ApiException.validation("The invoice breaks 1 rule; see details.", List.of(new ErrorDetail(field,
                    "gstin.not_found", "The IRP has no taxpayer with GSTIN " + gstin + ".", "3028")));
        }
        String status = registration.get().status();
        if (status != null && !ACTIVE.equals(status)) {
            throw ApiException.validation("The invoice breaks 1 rule; see details.", List.of(new ErrorDetail(field,
                    "gstin.inactive", "GSTIN " + gstin + " is not active on the IRP (status " + status + ").", "3029")));
        }
    }

    private boolean enabledFor(ApiEnvironment environment) {
        return configured != null ? configured : environment == ApiEnvironment.LIVE;
    }
}
