package dev.openirn.server.console;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The console's templates link the webjars through the resource chain ({@code @{/webjars/…}} in Thymeleaf),
 * which needs {@link ResourceUrlEncodingFilter}; Spring Boot would put it around every request, API calls
 * included, where it only wraps the request and response for nothing (docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleResourceUrls {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> consoleResourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.addUrlPatterns("/console/*");
        return registration;
    }
}
