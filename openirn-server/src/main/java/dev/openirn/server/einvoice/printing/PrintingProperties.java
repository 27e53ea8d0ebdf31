package dev.openirn.server.einvoice.printing;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.printing.*}: what every printed e-invoice carries besides the document, unless its organization
 * set its own (field by field, with {@code admin set-print-settings}).
 *
 * @param footerText printed at the foot of every page; empty prints none
 * @param logoFile   a PNG or JPEG printed at the top left; unset prints none, an unreadable file is logged and skipped
 */
@ConfigurationProperties("openirn.printing")
record PrintingProperties(@DefaultValue("") String footerText, Path logoFile) {
}
