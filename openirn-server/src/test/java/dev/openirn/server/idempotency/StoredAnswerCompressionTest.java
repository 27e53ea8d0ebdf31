package dev.openirn.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StoredAnswerCompressionTest {

    @Test
    void answersOfEverySizeComeBackByteForByte() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "{\"a\":1,\"warnings\":[]}";
        for (int size : new int[] {0, 1, 100, 1_400, 5_000, 70_000}) {
            byte[] json = new byte[size];
            for (int i = 0; i < size; i++) {
                json[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertThat(StoredAnswerCompression.inflate(StoredAnswerCompression.deflate(json))).isEqualTo(json);
        }
        byte[] incompressible = new byte[4_000];
        random.nextBytes(incompressible);
        assertThat(StoredAnswerCompression.inflate(StoredAnswerCompression.deflate(incompressible))).isEqualTo(incompressible);
    }

    @Test
    void aTruncatedAnswerIsRefusedNotReturnedShort() {
        byte[] deflated = StoredAnswerCompression.deflate("{\"id\":\"einv_1\",\"status\":\"generated\"}".repeat(40)
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> StoredAnswerCompression.inflate(Arrays.copyOf(deflated, deflated.length / 2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
