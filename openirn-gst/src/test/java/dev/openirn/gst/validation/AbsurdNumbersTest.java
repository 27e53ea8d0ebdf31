package dev.openirn.gst.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.openirn.gst.nic.NicInvoice;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A number that already failed its own check is never used in a sum or a tolerance band. */
class AbsurdNumbersTest {

    private final InvoiceValidator validator = new InvoiceValidator(Invoices.CLOCK);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ValDtls.AssVal          | 1E+30000000 | field.range
            ValDtls.AssVal          | 1E-30000000 | field.decimal_places
            ItemList[0].AssAmt      | 1E+30000000 | field.range
            ItemList[0].AssAmt      | 1E-30000000 | field.decimal_places
            ItemList[0].GstRt       | 1E+30000000 | field.range
            ItemList[0].TotItemVal  | 1E-30000000 | field.decimal_places
            ValDtls.RndOffAmt       | 1E+30000000 | totals.round_off_range
            """)
    void isReportedOnItsFieldWithoutArithmetic(String path, String literal, String code) {
        NicInvoice invoice = Invoices.with(Invoices.validFixture(), path, literal);

        // Only a guard: before the fix, the tolerance arithmetic on such a value ran for many seconds.
        ValidationResult result = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> validator.validate(invoice, ValidationProfile.STRICT));

        assertThat(result.errors()).anySatisfy(violation -> {
            assertThat(violation.path()).isEqualTo(path);
            assertThat(violation.code()).isEqualTo(code);
        });
    }
}
