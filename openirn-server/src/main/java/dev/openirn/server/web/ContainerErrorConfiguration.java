package dev.openirn.server.web;

import org.apache.catalina.Host;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat as Spring Boot configures it (every {@code server.*} setting still applies), with
 * {@link ContainerErrorValve} in place of Tomcat's HTML error page. The host picks its error valve when it
 * starts, so the class has to be named before then.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ContainerErrorConfiguration {

    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        return new TomcatServletWebServerFactory() {
            @Override
            protected void prepareContext(Host host, ServletContextInitializer[] initializers) {
                if (host instanceof StandardHost standardHost) {
                    standardHost.setErrorReportValveClass(ContainerErrorValve.class.getName());
                }
                super.prepareContext(host, initializers);
            }
        };
    }
}
