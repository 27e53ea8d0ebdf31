package dev.openirn.server.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.console.*}.
 *
 * @param maxFailedSignIns wrong passwords in a row after which the account is locked
 * @param lockout          how long a locked account refuses every sign-in, also with the right password
 * @param minPasswordLength the shortest password a user may choose
 */
@ConfigurationProperties("openirn.console")
record ConsoleProperties(@DefaultValue("5") int maxFailedSignIns, @DefaultValue("15m") Duration lockout,
        @DefaultValue("12") int minPasswordLength) {
}
