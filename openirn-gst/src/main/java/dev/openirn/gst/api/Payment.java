package dev.openirn.gst.api;

import java.math.BigDecimal;

/** Payment terms and instructions. */
public record Payment(
        String payeeName,
        String accountDetails,
        String mode,
        String financialInstitutionBranch,
        String paymentTerms,
        String paymentInstruction,
        String creditTransfer,
        String directDebit,
        Integer creditDays,
        BigDecimal paidAmount,
        BigDecimal paymentDue) {
}
