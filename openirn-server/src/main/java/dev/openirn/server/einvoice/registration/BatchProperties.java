package dev.openirn.server.einvoice.registration;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.batches.*}: bulk batches ({@code POST /v1/einvoices/batches}). Their request body is held
 * to {@code openirn.http.max-batch-body-size} instead of the single-request limit.
 *
 * @param maxItems                the most items one batch may carry
 * @param completionCheckInterval pause between looks for batches whose items have all reached a final state
 * @param storeChunkSize          items validated and stored per transaction of a submission: the worker starts on
 *                                a committed chunk while the next is validated
 */
@ConfigurationProperties("openirn.batches")
public record BatchProperties(
        @DefaultValue("1000") int maxItems,
        @DefaultValue("1s") Duration completionCheckInterval,
        @DefaultValue("100") int storeChunkSize) {
}
