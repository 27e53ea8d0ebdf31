package dev.openirn.server.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with the same header rules, checked by {@link HeaderCharacters}
 * instead of a regular expression. The firewall checks a header each time it is read, and with the
 * regular expression the ≈ 1 KB bearer token cost more CPU than the rest of a GET (docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
class RequestFirewall {

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
        firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
        return firewall;
    }
}
