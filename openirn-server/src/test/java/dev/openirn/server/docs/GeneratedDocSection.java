package dev.openirn.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a file under {@code docs/} that a test renders from the code, between
 * {@code <!-- generated:NAME -->} and {@code <!-- end:NAME -->}, so the prose cannot drift from what
 * the code does. The test fails when the file differs; run it with {@code -Dopenirn.docs.update=true}
 * to rewrite the section.
 */
public final class GeneratedDocSection {

    private GeneratedDocSection() {
    }

    /** The repository's docs folder; tests run in the module's directory. */
    public static Path docsFile(String name) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("docs").resolve(name);
            }
        }
        throw new IllegalStateException("no docs/ folder above " + here);
    }

    public static void assertUpToDate(Path file, String section, String rendered) throws IOException {
        String begin = "<!-- generated:" + section + " -->\n";
        String end = "<!-- end:" + section + " -->";
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("%s has the marker %s", file, begin.strip()).isNotNegative();
        assertThat(to).as("%s has the marker %s", file, end).isGreaterThan(from);
        String current = text.substring(from + begin.length(), to);
        String wanted = rendered.endsWith("\n") ? rendered : rendered + "\n";
        if (Boolean.getBoolean("openirn.docs.update") && !current.equals(wanted)) {
            Files.writeString(file, text.substring(0, from + begin.length()) + wanted + text.substring(to),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("%s section '%s' is generated from the code; rerun with -Dopenirn.docs.update=true", file, section)
                .isEqualTo(wanted);
    }

    /** The same for a whole generated file (one that has no room for markers, such as YAML). */
    public static void assertFileUpToDate(Path file, String rendered) throws IOException {
        String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String wanted = rendered.endsWith("\n") ? rendered : rendered + "\n";
        if (Boolean.getBoolean("openirn.docs.update") && !current.equals(wanted)) {
            Files.writeString(file, wanted, StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("%s is generated from the code; rerun with -Dopenirn.docs.update=true", file)
                .isEqualTo(wanted);
    }
}
