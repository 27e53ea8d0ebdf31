package dev.openirn.gst.validation;

import static dev.openirn.gst.validation.Invoices.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.gst.master.HsnMaster;
import dev.openirn.gst.nic.NicInvoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Item codes are checked against the HSN/SAC master: a warning naming the line in both profiles, or an error on request. */
class HsnMasterRuleTest {

    private final NicInvoice unknownCode = with(Invoices.validFixture(), "ItemList[0].HsnCd", "\"11111111\"");

    @Test
    void theBundledMasterHoldsTheOfficialCodesWithTheirLeadingZeros() {
        HsnMaster master = HsnMaster.bundled();
        assertThat(master.size()).isGreaterThan(22_000);
        assertThat(master.contains("0101")).isTrue();
        assertThat(master.contains("101")).isFalse();
        assertThat(master.contains("998311")).isTrue();
        assertThat(master.contains("11111111")).isFalse();
    }

    @Test
    void aCodeMissingFromTheMasterIsAWarningInBothProfiles() {
        InvoiceValidator validator = new InvoiceValidator(Invoices.CLOCK);
        for (ValidationProfile profile : ValidationProfile.values()) {
            ValidationResult result = validator.validate(unknownCode, profile);
            assertThat(result.errors()).as(profile.name()).isEmpty();
            assertThat(result.warnings()).as(profile.name())
                    .containsExactly(new Violation("ItemList[0].HsnCd", "hsn.not_in_master", "HSN code(s)-11111111 is invalid", "2176"));
        }
    }

    @Test
    void rejectTurnsTheWarningIntoAnError() {
        InvoiceValidator validator = new InvoiceValidator(Invoices.CLOCK).withHsnMaster(HsnMaster.bundled(), true);

        ValidationResult result = validator.validate(unknownCode, ValidationProfile.LENIENT);

        assertThat(result.errors()).extracting(Violation::code, Violation::nicCode, Violation::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hsn.not_in_master", "2176", "ItemList[0].HsnCd"));
    }

    @Test
    void aNewerMasterFileIsReadWithoutARebuild(@TempDir Path dir) throws Exception {
        Path newer = dir.resolve("hsn.csv");
        String validCode = Invoices.get(Invoices.validFixture(), "ItemList[0].HsnCd").replace("\"", "");
        Files.writeString(newer, "code,kind,description\n11111111,HSN,\"A CODE, NEWER THAN THE SNAPSHOT\"\n" + validCode + ",HSN,X\n");
        HsnMaster master = HsnMaster.fromFile(newer);
        assertThat(master.size()).isEqualTo(2);

        ValidationResult result = new InvoiceValidator(Invoices.CLOCK).withHsnMaster(master, true)
                .validate(unknownCode, ValidationProfile.STRICT);

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void anEmptyMasterFileIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "code,kind,description\n");
        assertThatThrownBy(() -> HsnMaster.fromFile(empty)).hasMessageContaining("lists no code");
    }
}
