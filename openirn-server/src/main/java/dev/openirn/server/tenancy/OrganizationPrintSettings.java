package dev.openirn.server.tenancy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organization's own footer text and logo for printed e-invoices: the only SQL on
 * {@code organization_print_settings}. Lives in tenancy so that the admin command can write it and printing read
 * it without either depending on the other.
 */
@Repository
public class OrganizationPrintSettings {

    public static final int MAX_LOGO_BYTES = 512 * 1024;
    public static final int MAX_FOOTER_CHARS = 300;

    /** What one organization set; a null field means "use the global setting". */
    public record Settings(String footerText, byte[] logo, String logoContentType) {
    }

    /** A change: a null field is left as it is, unless its clear flag is set. */
    public record Change(String footerText, boolean clearFooter, byte[] logo, String logoContentType, boolean clearLogo) {
    }

    private final JdbcClient jdbc;

    public OrganizationPrintSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Settings> find(String organizationId) {
        return jdbc.sql("select footer_text, logo, logo_content_type from organization_print_settings where organization_id = :id")
                .param("id", organizationId)
                .query((rs, n) -> new Settings(rs.getString("footer_text"), rs.getBytes("logo"), rs.getString("logo_content_type")))
                .optional();
    }

    /** Applies the change and returns the settings now stored. */
    @Transactional
    public Settings apply(String organizationId, Change change) {
        Settings current = find(organizationId).orElse(new Settings(null, null, null));
        String footer = change.clearFooter() ? null : change.footerText() != null ? change.footerText() : current.footerText();
        byte[] logo = change.clearLogo() ? null : change.logo() != null ? change.logo() : current.logo();
        String type = change.clearLogo() ? null : change.logo() != null ? change.logoContentType() : current.logoContentType();
        jdbc.sql("""
                insert into organization_print_settings (organization_id, footer_text, logo, logo_content_type, updated_at)
                values (:id, :footer, :logo, :type, now())
                on conflict (organization_id) do update set footer_text = excluded.footer_text, logo = excluded.logo,
                    logo_content_type = excluded.logo_content_type, updated_at = now()""")
                .param("id", organizationId)
                .param("footer", footer)
                .param("logo", logo)
                .param("type", type)
                .update();
        return new Settings(footer, logo, type);
    }

    /** Why the footer text cannot be printed, or empty if it can. */
    public static Optional<String> footerProblem(String footer) {
        if (footer.length() > MAX_FOOTER_CHARS) {
            return Optional.of("--footer-text must be at most " + MAX_FOOTER_CHARS + " characters");
        }
        if (footer.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c))) {
            return Optional.of("--footer-text must not contain control characters other than newline");
        }
        return Optional.empty();
    }

    /** The logo's content type (image/png or image/jpeg), or empty if it is not a PNG or JPEG that can be read. */
    public static Optional<String> logoContentType(byte[] logo) {
        String type;
        if (logo.length > 8 && (logo[0] & 0xFF) == 0x89 && logo[1] == 'P' && logo[2] == 'N' && logo[3] == 'G') {
            type = "image/png";
        } else if (logo.length > 3 && (logo[0] & 0xFF) == 0xFF && (logo[1] & 0xFF) == 0xD8 && (logo[2] & 0xFF) == 0xFF) {
            type = "image/jpeg";
        } else {
            return Optional.empty();
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(logo)) == null ? Optional.empty() : Optional.of(type);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
