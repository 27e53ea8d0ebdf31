package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** {@code PayDtls}. */
@JsonPropertyOrder({"Nm", "AccDet", "Mode", "FinInsBr", "PayTerm", "PayInstr", "CrTrn", "DirDr", "CrDay", "PaidAmt", "PaymtDue"})
public record PaymentDetails(
        @JsonProperty("Nm") String payeeName,
        @JsonProperty("AccDet") String accountDetails,
        @JsonProperty("Mode") String mode,
        @JsonProperty("FinInsBr") String financialInstitutionBranch,
        @JsonProperty("PayTerm") String paymentTerms,
        @JsonProperty("PayInstr") String paymentInstruction,
        @JsonProperty("CrTrn") String creditTransfer,
        @JsonProperty("DirDr") String directDebit,
        @JsonProperty("CrDay") Integer creditDays,
        @JsonProperty("PaidAmt") BigDecimal paidAmount,
        @JsonProperty("PaymtDue") BigDecimal paymentDue) {
}
