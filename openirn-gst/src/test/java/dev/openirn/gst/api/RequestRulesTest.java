package dev.openirn.gst.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.validation.Violation;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

    @Test
    void quickstartFinancialYearMatchesItsInvoiceDate() throws Exception {
        EInvoiceRequest quickstart = NicInvoiceMapperTest.request("quickstart-request.json");

        assertThat(RequestRules.check(quickstart)).isEmpty();
        assertThat(RequestRules.check(with(quickstart, "2025-26", LocalDate.of(2026, 3, 31)))).isEmpty();
    }

    @Test
    void missingOrBlankFinancialYearIsRequired() throws Exception {
        EInvoiceRequest quickstart = NicInvoiceMapperTest.request("quickstart-request.json");

        for (String missing : new String[] {null, "", "  "}) {
            assertThat(RequestRules.check(with(quickstart, missing, quickstart.invoiceDate()))).containsExactly(
                    new Violation("financialYear", "document.financial_year_required",
                            "financialYear is required, as YYYY-YY (e.g. 2026-27).", null));
        }
    }

    @Test
    void malformedFinancialYearIsInvalid() throws Exception {
        EInvoiceRequest quickstart = NicInvoiceMapperTest.request("quickstart-request.json");

        for (String malformed : new String[] {"2026-28", "26-27", "2026/27"}) {
            assertThat(RequestRules.check(with(quickstart, malformed, quickstart.invoiceDate()))).containsExactly(
                    new Violation("financialYear", "document.financial_year_invalid",
                            "financialYear must be YYYY-YY with consecutive years, e.g. 2026-27.", null));
        }
    }

    @Test
    void financialYearOtherThanTheInvoiceDatesIsAMismatch() throws Exception {
        EInvoiceRequest quickstart = NicInvoiceMapperTest.request("quickstart-request.json");

        assertThat(RequestRules.check(with(quickstart, "2025-26", LocalDate.of(2026, 4, 1)))).containsExactly(
                new Violation("financialYear", "document.financial_year_mismatch",
                        "invoiceDate 2026-04-01 falls in financial year 2026-27, not 2025-26.", null));
    }

    @Test
    void withoutAnInvoiceDateOnlyTheFormIsChecked() throws Exception {
        EInvoiceRequest quickstart = NicInvoiceMapperTest.request("quickstart-request.json");

        assertThat(RequestRules.check(with(quickstart, "2019-20", null))).isEmpty();
    }

    private static EInvoiceRequest with(EInvoiceRequest r, String financialYear, LocalDate invoiceDate) {
        return new EInvoiceRequest(r.supplyType(), r.documentType(), r.invoiceNumber(), invoiceDate, financialYear,
                r.reverseCharge(), r.igstOnIntra(), r.ecommerceGstin(), r.placeOfSupplyStateCode(), r.seller(), r.buyer(),
                r.dispatchFrom(), r.shipTo(), r.lines(), r.totals(), r.payment(), r.referenceDetails(),
                r.additionalDocuments(), r.exportDetails(), r.ewayBillDetails());
    }
}
