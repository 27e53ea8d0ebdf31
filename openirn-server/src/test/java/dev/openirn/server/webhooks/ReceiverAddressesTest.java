package dev.openirn.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.tenancy.ApiEnvironment;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which receiver addresses a live endpoint may use, and how the operator's allow-list opens internal ones. */
class ReceiverAddressesTest {

    static WebhookProperties allowing(String... hosts) {
        return new WebhookProperties(Duration.ofSeconds(10), List.of(Duration.ofMinutes(1)), Duration.ofHours(24),
                List.of(hosts), 50, 4, 16, Duration.ofSeconds(1), 512);
    }

    @Test
    void privateLoopbackLinkLocalAndMetadataAddressesAreNotPublic() throws Exception {
        for (String address : List.of("127.0.0.1", "127.8.9.1", "0.0.0.0", "10.0.0.1", "172.16.5.4", "172.31.255.255",
                "192.168.0.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "::1", "::", "fe80::1", "fd00:ec2::254",
                "fc00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1")) {
            assertThat(ReceiverAddresses.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111")) {
            assertThat(ReceiverAddresses.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    @Test
    void liveNeedsHttpsAndAPublicAddressUnlessAllowListed() {
        ReceiverAddresses strict = new ReceiverAddresses(allowing());
        assertThat(strict.check("http://8.8.8.8/hook", ApiEnvironment.LIVE).code()).isEqualTo("webhook.url_not_https");
        assertThat(strict.check("https://10.0.0.7/hook", ApiEnvironment.LIVE).code()).isEqualTo("webhook.url_not_public");
        assertThat(strict.check("https://localhost:8443/hook", ApiEnvironment.LIVE).code()).isEqualTo("webhook.url_not_public");
        assertThat(strict.check("https://8.8.8.8/hook", ApiEnvironment.LIVE)).isNull();
        assertThat(strict.check("http://127.0.0.1:9000/hook", ApiEnvironment.TEST)).as("test environment").isNull();
        assertThat(strict.check("https://user:pw@8.8.8.8/hook", ApiEnvironment.LIVE).code()).isEqualTo("webhook.url_invalid");
        assertThat(strict.check("/relative", ApiEnvironment.TEST).code()).isEqualTo("webhook.url_invalid");

        ReceiverAddresses internal = new ReceiverAddresses(allowing("10.0.0.0/8", "localhost", "fd12::/16"));
        assertThat(internal.check("https://10.0.0.7/hook", ApiEnvironment.LIVE)).isNull();
        assertThat(internal.check("https://localhost:8443/hook", ApiEnvironment.LIVE)).isNull();
        assertThat(internal.check("https://[fd12:3::1]/hook", ApiEnvironment.LIVE)).isNull();
        assertThat(internal.check("https://192.168.1.1/hook", ApiEnvironment.LIVE).code()).isEqualTo("webhook.url_not_public");
        assertThat(internal.check("https://11.0.0.1/hook", ApiEnvironment.LIVE)).isNull();
        assertThat(internal.check("http://10.0.0.7/hook", ApiEnvironment.LIVE).code()).as("still https only").isEqualTo("webhook.url_not_https");
    }
}
