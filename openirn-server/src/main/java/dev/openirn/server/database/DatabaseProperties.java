package dev.openirn.server.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.database.*}: OpenIRN refuses to start on a PostgreSQL with {@code fsync=off} (a power loss
 * could lose invoices the IRP has registered) unless {@code allow-unsafe-fsync} is set explicitly.
 */
@ConfigurationProperties("openirn.database")
public record DatabaseProperties(@DefaultValue("false") boolean allowUnsafeFsync) {
}
