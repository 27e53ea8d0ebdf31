package dev.openirn.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code openirn.http.*}: limits on what a client may send.
 *
 * @param maxBodySize      a larger request body is refused with 413 before it is read
 * @param maxBatchBodySize the same for {@code POST /v1/einvoices/batches}, whose body carries up to
 *                         {@code openirn.batches.max-items} invoices
 */
@ConfigurationProperties("openirn.http")
public record HttpLimitProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("16MB") DataSize maxBatchBodySize) {

    /** The path whose body may be as large as {@link #maxBatchBodySize}. */
    public static final String BATCH_PATH = "/v1/einvoices/batches";
}
