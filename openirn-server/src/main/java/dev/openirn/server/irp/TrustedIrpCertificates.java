package dev.openirn.server.irp;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code openirn.tools.*}: IRP signing certificates trusted beyond the bundled sandbox's and the live
 * IRP's configured one, so the decode tools can verify documents that another IRP (or an earlier,
 * rotated NIC key) signed.
 *
 * @param trustedIrpCertificates PEM files, each holding one or more X.509 certificates
 */
@ConfigurationProperties("openirn.tools")
record TrustedIrpCertificates(List<Path> trustedIrpCertificates) {

    TrustedIrpCertificates {
        trustedIrpCertificates = trustedIrpCertificates == null ? List.of() : List.copyOf(trustedIrpCertificates);
    }
}
