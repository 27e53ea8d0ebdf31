package dev.openirn.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code openirn.http.*}: limits on what a client may send.
 *
 * @param maxBodySize a larger request body is refused with 413 before it is read
 */
@ConfigurationProperties("openirn.http")
public record HttpLimitProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
