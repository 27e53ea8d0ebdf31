package dev.openirn.gst.master;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The GST HSN/SAC code list the IRP checks item codes against (its error 2176). Read from a CSV
 * whose first column is the code and whose first line is a header ({@code code,kind,description});
 * codes are kept as text because leading zeros matter. The bundled snapshot can lag the IRP's
 * current master, so an operator may load a newer file of the same shape with {@link #fromFile}.
 */
public final class HsnMaster {

    private static final String BUNDLED = "/dev/openirn/gst/hsn_sac_master.csv";
    private static volatile HsnMaster bundled;

    private final Set<String> codes;
    private final String source;

    private HsnMaster(Set<String> codes, String source) {
        this.codes = Set.copyOf(codes);
        this.source = source;
    }

    /** The snapshot shipped with OpenIRN, loaded once. */
    public static HsnMaster bundled() {
        HsnMaster master = bundled;
        if (master == null) {
            try (InputStream in = HsnMaster.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("HSN/SAC master " + BUNDLED + " is missing from the classpath");
                }
                master = read(in, "bundled " + BUNDLED);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = master;
        }
        return master;
    }

    /** A newer list of the same shape; fails when the file is unreadable or lists no code. */
    public static HsnMaster fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the HSN/SAC master " + file, e);
        }
    }

    private static HsnMaster read(InputStream in, String source) throws IOException {
        Set<String> codes = new HashSet<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line != null && !line.isEmpty() && Character.isDigit(stripBom(line).charAt(0))) {
            addCode(codes, stripBom(line));
        }
        while ((line = reader.readLine()) != null) {
            addCode(codes, line);
        }
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("The HSN/SAC master " + source + " lists no code");
        }
        return new HsnMaster(codes, source);
    }

    private static void addCode(Set<String> codes, String line) {
        int comma = line.indexOf(',');
        String code = (comma < 0 ? line : line.substring(0, comma)).trim();
        if (code.startsWith("\"") && code.endsWith("\"") && code.length() >= 2) {
            code = code.substring(1, code.length() - 1);
        }
        if (!code.isEmpty() && code.chars().allMatch(Character::isDigit)) {
            codes.add(code);
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    public boolean contains(String code) {
        return code != null && codes.contains(code);
    }

    public int size() {
        return codes.size();
    }

    /** Where the list was read from, for logs and errors. */
    public String source() {
        return source;
    }
}
