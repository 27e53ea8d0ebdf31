package dev.openirn.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.api.*}: how request bodies are read.
 *
 * @param unknownFields {@code warn} reports a field the API does not know in {@code warnings[]} and goes
 *                      on (a client built for newer fields keeps working); {@code reject} refuses the request
 */
@ConfigurationProperties("openirn.api")
public record ApiRequestProperties(@DefaultValue("warn") UnknownFields unknownFields) {

    public enum UnknownFields { WARN, REJECT }
}
