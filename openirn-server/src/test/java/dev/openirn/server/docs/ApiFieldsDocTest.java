package dev.openirn.server.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** docs/api-fields.md is rendered from the same file the OpenAPI descriptions come from. */
class ApiFieldsDocTest {

    @Test
    void fieldReferenceIsRenderedFromTheOpenApiDescriptions() throws IOException {
        GeneratedDocSection.assertUpToDate(GeneratedDocSection.docsFile("api-fields.md"), "fields", render());
    }

    /** One table per schema, in the order of the properties file (which {@link java.util.Properties} would lose). */
    static String render() throws IOException {
        StringBuilder out = new StringBuilder();
        try (InputStream in = ApiFieldsDocTest.class.getResourceAsStream("/openapi/einvoice-fields.properties");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String key = line.substring(0, eq);
                String text = line.substring(eq + 1).replace("|", "\\|");
                int dot = key.indexOf('.');
                if (dot < 0) {
                    out.append(out.isEmpty() ? "" : "\n").append("**").append(key).append("** — ").append(text)
                            .append("\n\n| Field | Meaning |\n|---|---|\n");
                } else {
                    out.append("| `").append(key.substring(dot + 1)).append("` | ").append(text).append(" |\n");
                }
            }
        }
        return out.toString();
    }
}
