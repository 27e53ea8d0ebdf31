package dev.openirn.gst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicJson;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** IRN, financial year and GSTIN against the shared vector files. */
class PrimitivesTest {

    private static JsonNode vectors(String file) throws Exception {
        try (InputStream in = PrimitivesTest.class.getResourceAsStream(file)) {
            return NicJson.mapper().readTree(in).get("vectors");
        }
    }

    @Test
    void irnMatchesEveryVectorWhoseDocumentNumberDoesNotDependOnCaseFolding() throws Exception {
        int checked = 0;
        for (JsonNode v : vectors("irn_test_vectors.json")) {
            boolean caseFolded = v.get("docno_case_folded").asBoolean();
            boolean hasLowercase = v.get("docno_has_lowercase").asBoolean();
            // Pre-2025 lower-case vectors were hashed case-preserved; our (current) rule always upper-cases.
            if (hasLowercase && !caseFolded) {
                continue;
            }
            String irn = Irn.compute(v.get("seller_gstin").asString(), v.get("financial_year").asString(),
                    v.get("doc_type").asString(), v.get("doc_no_as_sent").asString());
            assertThat(irn).as(v.get("doc_no_as_sent").asString()).isEqualTo(v.get("irn").asString());
            assertThat(Irn.isWellFormed(irn)).isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    @Test
    void irnUpperCasesTheDocumentNumber() {
        assertThat(Irn.compute("29AAFCC9980M1ZR", "2025-26", "INV", "abc/1"))
                .isEqualTo(Irn.compute("29AAFCC9980M1ZR", "2025-26", "INV", "ABC/1"));
    }

    @Test
    void caseFoldedVectorWouldFailWithoutUpperCasing() throws Exception {
        List<JsonNode> folded = new ArrayList<>();
        vectors("irn_test_vectors.json").forEach(v -> {
            if (v.get("docno_case_folded").asBoolean()) {
                folded.add(v);
            }
        });
        assertThat(folded).isNotEmpty();
        assertThat(folded.get(0).get("hash_input_used").asString()).isEqualTo(
                folded.get(0).get("seller_gstin").asString() + folded.get(0).get("financial_year").asString()
                        + folded.get(0).get("doc_type").asString()
                        + folded.get(0).get("doc_no_as_sent").asString().toUpperCase());
    }

    @Test
    void gstinCheckCharacterMatchesEveryVector() throws Exception {
        for (JsonNode v : vectors("gstin_checksum_vectors.json")) {
            String gstin = v.get("gstin").asString();
            assertThat(Gstin.hasValidFormat(gstin)).as(gstin).isTrue();
            assertThat(Gstin.checkCharacter(gstin.substring(0, 14))).as(gstin)
                    .isEqualTo(v.get("computed_check_char").asString().charAt(0));
            assertThat(Gstin.hasValidCheckCharacter(gstin)).as(gstin).isEqualTo(v.get("checksum_valid").asBoolean());
        }
    }

    @Test
    void gstinFormatAndStateCode() {
        assertThat(Gstin.hasValidFormat("29aafcc9980m1zr")).isFalse();
        assertThat(Gstin.hasValidFormat("URP")).isFalse();
        assertThat(Gstin.hasValidFormat(null)).isFalse();
        assertThat(Gstin.stateCode("29AAFCC9980M1ZR")).isEqualTo("29");
        assertThat(Gstin.checkCharacter("29ABCDE1234F1Z")).isEqualTo('W');
        assertThat(Gstin.checkCharacter("27FGHIJ5678K1Z")).isEqualTo('1');
    }

    @Test
    void financialYearRunsAprilToMarch() {
        assertThat(FinancialYear.of(LocalDate.of(2026, 3, 31))).isEqualTo("2025-26");
        assertThat(FinancialYear.of(LocalDate.of(2026, 4, 1))).isEqualTo("2026-27");
        assertThat(FinancialYear.of(LocalDate.of(2099, 6, 1))).isEqualTo("2099-00");
        assertThat(FinancialYear.isWellFormed("2026-27")).isTrue();
        assertThat(FinancialYear.isWellFormed("2099-00")).isTrue();
        assertThat(FinancialYear.isWellFormed("2026-28")).isFalse();
        assertThat(FinancialYear.isWellFormed("26-27")).isFalse();
        assertThat(FinancialYear.isWellFormed(null)).isFalse();
    }
}
