package dev.openirn.gst.nic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NicTimestampsTest {

    @Test
    void nicTimestampsAreIst() {
        assertThat(NicTimestamps.parse("2019-11-30 14:18:00")).isEqualTo(Instant.parse("2019-11-30T08:48:00Z"));
        assertThat(NicTimestamps.format(Instant.parse("2022-09-17T12:39:00Z"))).isEqualTo("2022-09-17 18:09:00");
    }
}
