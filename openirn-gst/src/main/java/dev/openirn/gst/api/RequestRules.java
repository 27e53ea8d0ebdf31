package dev.openirn.gst.api;

import dev.openirn.gst.FinancialYear;
import dev.openirn.gst.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules of the OneFinOps request that its NIC document cannot show: NIC has no financial-year
 * field (it derives the year from the document date), yet the caller's {@code financialYear} is
 * part of the IRN, so it must be present, well formed and the year of {@code invoiceDate}.
 * Violations carry request paths, not NIC paths.
 */
public final class RequestRules {

    private RequestRules() {
    }

    public static List<Violation> check(EInvoiceRequest request) {
        List<Violation> violations = new ArrayList<>();
        checkFinancialYear(request, violations);
        return violations;
    }

    private static void checkFinancialYear(EInvoiceRequest request, List<Violation> violations) {
        if (request.financialYear() == null || request.financialYear().isBlank()) {
            violations.add(new Violation("financialYear", "document.financial_year_required",
                    "financialYear is required, as YYYY-YY (e.g. 2026-27).", null));
        } else if (!FinancialYear.isWellFormed(request.financialYear())) {
            violations.add(new Violation("financialYear", "document.financial_year_invalid",
                    "financialYear must be YYYY-YY with consecutive years, e.g. 2026-27.", null));
        } else if (request.invoiceDate() != null && !FinancialYear.of(request.invoiceDate()).equals(request.financialYear())) {
            violations.add(new Violation("financialYear", "document.financial_year_mismatch",
                    "invoiceDate " + request.invoiceDate() + " falls in financial year "
                            + FinancialYear.of(request.invoiceDate()) + ", not " + request.financialYear() + ".", null));
        }
    }
}
