package dev.openirn.server.einvoice.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpError;
import dev.openirn.server.web.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * How each IRP answer to a cancel is read. The sandbox has no e-way bills, so the EWB-active
 * answers (4002, and 2230 as lists it) are tested here rather than end to end.
 */
class CancelDecisionTest {

    private static IrpAnswer.Rejected rejected(String code, String message) {
        return new IrpAnswer.Rejected(List.of(new IrpError(code, message)));
    }

    /** The refusal as the API answers it. */
    private static ApiException refusal(EInvoiceCancellation.Decision decision) {
        return CancelRefusals.toApiException(decision);
    }

    @Test
    void activeEwayBillIsConflictEwaybillActiveWithTheUpstreamCode() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(
                rejected("4002", "EwayBill is already generated for this IRN"));

        assertThat(decision.kind()).isEqualTo(EInvoiceCancellation.Kind.REFUSED);
        assertThat(refusal(decision).status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refusal(decision).code()).isEqualTo("einvoice.ewaybill_active");
        assertThat(refusal(decision).upstream().provider()).isEqualTo("nic-irp");
        assertThat(refusal(decision).upstream().code()).isEqualTo("4002");
        assertThat(refusal(decision).upstream().message()).isEqualTo("EwayBill is already generated for this IRN");
    }

    @Test
    void ewbGeneratedCode2230IsAlsoEwaybillActive() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(rejected("2230", "e-way bill has been generated"));

        assertThat(refusal(decision).code()).isEqualTo("einvoice.ewaybill_active");
        assertThat(refusal(decision).upstream().code()).isEqualTo("2230");
    }

    @Test
    void notActiveMeansAlreadyCancelledElsewhereAndCompletesTheCancel() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(rejected("9999", "Invoice is not active"));

        assertThat(decision.kind()).isEqualTo(EInvoiceCancellation.Kind.CANCELLED);
        assertThat(decision.upstreamCode()).isEqualTo("9999");
    }

    @Test
    void irpWindowCrossedIsCancelWindowExpired() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(rejected("2270", "time limit is crossed"));

        assertThat(refusal(decision).code()).isEqualTo("einvoice.cancel_window_expired");
        assertThat(refusal(decision).upstream().code()).isEqualTo("2270");
    }

    @Test
    void transportFailureAndSystemErrorsAreRetriedLater() {
        assertThat(EInvoiceCancellation.decide(new IrpAnswer.NoAnswer(IrpAnswer.NoAnswer.Reason.HTTP_5XX, "500"))
                .kind()).isEqualTo(EInvoiceCancellation.Kind.DEFERRED);
        assertThat(EInvoiceCancellation.decide(new IrpAnswer.NoAnswer(IrpAnswer.NoAnswer.Reason.TIMEOUT, null))
                .errorCode()).isEqualTo("irp.timeout");
        assertThat(EInvoiceCancellation.decide(new IrpAnswer.SystemError(List.of(new IrpError("5002", "Application error")))).kind())
                .isEqualTo(EInvoiceCancellation.Kind.DEFERRED);
    }

    @Test
    void successTakesTheIrpCancelDate() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(
                new IrpAnswer.Cancelled(Instant.parse("2026-05-04T11:42:18Z")));

        assertThat(decision.kind()).isEqualTo(EInvoiceCancellation.Kind.CANCELLED);
        assertThat(decision.cancelledAt()).isEqualTo(Instant.parse("2026-05-04T11:42:18Z"));
    }

    @Test
    void otherRejectionsAreNotCancellableWithTheUpstreamCode() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(
                rejected("2143", "Invoice does not belongs to the user GSTIN"));

        assertThat(refusal(decision).code()).isEqualTo("einvoice.not_cancellable");
        assertThat(refusal(decision).upstream().code()).isEqualTo("2143");
    }
}
