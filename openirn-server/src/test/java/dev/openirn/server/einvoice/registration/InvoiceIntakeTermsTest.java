package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The NIC field name in a rule's message becomes the caller's field name exactly as the regular expressions did it. */
class InvoiceIntakeTermsTest {

    @Test
    void messagesNameTheCallersFieldAsBefore() {
        List<String[]> cases = List.of(
                new String[] {"The Typ field is required.", "DocDtls.Typ", "documentType"},
                new String[] {"The field HsnCd must be a valid HSN code.", "ItemList[0].HsnCd", "lines[0].hsnCode"},
                new String[] {"The HsnCdX field is required.", "ItemList[0].HsnCd", "lines[0].hsnCode"},
                new String[] {"The HsnCd field.", "ItemList[0].HsnCd", "lines[0].hsnCode"},
                new String[] {"The HsnCd field", "ItemList[0].HsnCd", "lines[0].hsnCode"},
                new String[] {"The ItemList field must hold at least one item.", "ItemList[3]", "lines[3]"},
                new String[] {"The ItemList[3] field x", "ItemList[3]", "lines[3]"},
                new String[] {"The fieldset Typ", "DocDtls.Typ", "documentType"},
                new String[] {"Value of Typ is wrong.", "DocDtls.Typ", "documentType"},
                new String[] {"The Typ fields are wrong.", "DocDtls.Typ", "documentType"},
                new String[] {"The Typ field is required.", "DocDtls.Typ", "Typ"},
                new String[] {"The  field is required.", "", "x"},
                new String[] {"The Amt$ field", "ValDtls.Amt$", "totals.amount"},
                new String[] {"The A[b] field", "X.A[b]", "y"});
        for (String[] c : cases) {
            assertThat(InvoiceIntake.inApiTerms(c[0], c[1], c[2])).as(String.join(" | ", c)).isEqualTo(withRegularExpressions(c[0], c[1], c[2]));
        }
        assertThat(InvoiceIntake.inApiTerms("The Typ field is required.", "DocDtls.Typ", "documentType"))
                .isEqualTo("The documentType field is required.");
    }

    /** How the message was translated before: the oracle. */
    private static String withRegularExpressions(String message, String nicPath, String field) {
        String nicName = nicPath.substring(nicPath.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        if (nicName.isEmpty() || nicName.equals(field)) {
            return message;
        }
        String quoted = Pattern.quote(nicName);
        String replacement = Matcher.quoteReplacement(field);
        return message.replaceFirst("^The " + quoted + " field\\b", "The " + replacement + " field")
                .replaceFirst("^The field " + quoted + "\\b", "The field " + replacement);
    }
}
