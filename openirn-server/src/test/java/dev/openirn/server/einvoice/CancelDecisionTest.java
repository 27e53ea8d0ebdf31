package dev.openirn.server.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.nic.NicError;
import dev.openirn.nic.NicResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * How each IRP answer to a cancel is read. The sandbox has no e-way bills, so the EWB-active
 * answers (4002, and 2230 as lists it) are tested here rather than end to end.
 */
class CancelDecisionTest {

    private static NicResult.Rejected rejected(String code, String message) {
        return new NicResult.Rejected(List.of(new NicError(code, message)), List.of());
    }

    @Test
    void activeEwayBillIsConflictEwaybillActiveWithTheUpstreamCode() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(
                rejected("4002", "EwayBill is already generated for this IRN"));

        assertThat(decision.kind()).isEqualTo(EInvoiceCancellation.Kind.REFUSED);
        assertThat(decision.refusal().status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(decision.refusal().code()).isEqualTo("einvoice.ewaybill_active");
        assertThat(decision.refusal().upstream().provider()).isEqualTo("nic-irp");
        assertThat(decision.refusal().upstream().code()).isEqualTo("4002");
        assertThat(decision.refusal().upstream().message()).isEqualTo("EwayBill is already generated for this IRN");
    }

    @Test
    void ewbGeneratedCode2230IsAlsoEwaybillActive() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(rejected("2230", "e-way bill has been generated"));

        assertThat(decision.refusal().code()).isEqualTo("einvoice.ewaybill_active");
        assertThat(decision.refusal().upstream().code()).isEqualTo("2230");
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

        assertThat(decision.refusal().code()).isEqualTo("einvoice.cancel_window_expired");
        assertThat(decision.refusal().upstream().code()).isEqualTo("2270");
    }

    @Test
    void transportFailureAndSystemErrorsAreRetriedLater() {
        assertThat(EInvoiceCancellation.decide(new NicResult.TransportFailure(NicResult.TransportFailure.Kind.HTTP_5XX, "500"))
                .kind()).isEqualTo(EInvoiceCancellation.Kind.DEFERRED);
        assertThat(EInvoiceCancellation.decide(new NicResult.TransportFailure(NicResult.TransportFailure.Kind.TIMEOUT, null))
                .errorCode()).isEqualTo("irp.timeout");
        assertThat(EInvoiceCancellation.decide(rejected("5002", "Application error")).kind())
                .isEqualTo(EInvoiceCancellation.Kind.DEFERRED);
    }

    @Test
    void successTakesTheIrpCancelDate() {
        var data = JsonMapper.builder().build().createObjectNode().put("Irn", "ab").put("CancelDate", "2026-05-04 17:12:18");
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(new NicResult.Success(data, List.of()));

        assertThat(decision.kind()).isEqualTo(EInvoiceCancellation.Kind.CANCELLED);
        assertThat(decision.cancelledAt()).isEqualTo(Instant.parse("2026-05-04T11:42:18Z"));
    }

    @Test
    void otherRejectionsAreNotCancellableWithTheUpstreamCode() {
        EInvoiceCancellation.Decision decision = EInvoiceCancellation.decide(
                rejected("2143", "Invoice does not belongs to the user GSTIN"));

        assertThat(decision.refusal().code()).isEqualTo("einvoice.not_cancellable");
        assertThat(decision.refusal().upstream().code()).isEqualTo("2143");
    }
}
