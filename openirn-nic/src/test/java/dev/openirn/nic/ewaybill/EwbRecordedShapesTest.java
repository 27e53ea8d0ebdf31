package dev.openirn.nic.ewaybill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.crypto.NicCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Answers shaped like those recorded from NIC's e-way bill system (and a GSP in front of it), replayed through the client. */
class EwbRecordedShapesTest {

    private final JsonNode shapes = load();
    private final byte[] sek = NicCrypto.newKey();

    private static JsonNode load() {
        try (InputStream in = EwbRecordedShapesTest.class.getResourceAsStream("/ewaybill/recorded-shapes.json")) {
            return NicJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> EwbOutcome<T> replay(String name, boolean get, java.util.function.Function<JsonNode, T> reader) {
        return EwbClient.interpret(200, NicJson.write(shapes.get(name)), sek, get, reader);
    }

    @Test
    void gspWrappedResultsReadIntoTypedValues() {
        EwbValues.Generated generated = replay("gsp_generate", false, EwbClient.GENERATED).value();
        assertThat(generated.ewayBillNo()).isEqualTo(291004000123L);
        assertThat(generated.validUntil()).isEqualTo(Instant.parse("2026-03-04T18:29:00Z"));
        EwbValues.Generated partA = replay("gsp_generate_part_a", false, EwbClient.GENERATED).value();
        assertThat(partA.validUpto()).isNull();
        assertThat(partA.alertDistance()).isEqualTo(118);
        assertThat(replay("gsp_update_vehicle", false, EwbClient.VEHICLE_UPDATED).value().validUpto())
                .isEqualTo("04/03/2026 11:59:00 PM");
        EwbValues.TransporterUpdated transporter = replay("gsp_update_transporter", false, EwbClient.TRANSPORTER_UPDATED).value();
        assertThat(transporter.ewayBillNo()).as("a string here, a number elsewhere").isEqualTo(291004000123L);
        assertThat(transporter.transporterId()).isEqualTo("29AAACP7879D1Z0");
        assertThat(replay("gsp_extend", false, EwbClient.EXTENDED).value().validUntil())
                .isEqualTo(Instant.parse("2026-03-05T18:29:00Z"));
        assertThat(replay("gsp_cancel", false, EwbClient.CANCELLED).value().cancelDate()).isEqualTo("03/03/2026 04:14:00 PM");
        EwbValues.EwayBill bill = replay("gsp_get", true, EwbClient.EWAY_BILL).value();
        assertThat(bill.isActive()).isTrue();
        assertThat(bill.actualDist()).isEqualTo(10);
        assertThat(bill.vehicles()).extracting(EwbValues.Vehicle::vehicleNo).containsExactly("KA02CD5678", "KA01AB1234");
        assertThat(bill.vehicles()).extracting(EwbValues.Vehicle::fromState).containsOnly(29);
    }

    @Test
    void refusalsInEveryRecordedShape() {
        EwbOutcome<EwbValues.Generated> distance = replay("nic_error_base64_with_info", false, EwbClient.GENERATED);
        assertThat(distance).isInstanceOfSatisfying(EwbOutcome.Refused.class, refused -> {
            assertThat(refused.errors()).extracting("code").containsExactly("702");
            assertThat(refused.errors()).extracting("message").containsExactly("The distance between the pincodes given is too high");
            assertThat(refused.info()).endsWith("\"distance\":29}");
        });
        assertThat(replay("nic_error_plain_object", false, EwbClient.CANCELLED)).isInstanceOfSatisfying(EwbOutcome.Refused.class,
                refused -> assertThat(refused.hasCode("312")).isTrue());
        assertThat(replay("nic_error_several_codes", false, EwbClient.GENERATED)).isInstanceOfSatisfying(EwbOutcome.Refused.class,
                refused -> assertThat(refused.errors()).extracting("code").containsExactly("207", "225"));
        assertThat(replay("nic_error_try_later", false, EwbClient.GENERATED)).isInstanceOf(EwbOutcome.Unavailable.class);
        assertThat(replay("gsp_down", false, EwbClient.GENERATED)).isInstanceOfSatisfying(EwbOutcome.Unavailable.class,
                down -> assertThat(down.reason()).isEqualTo("EWB : GSPGSTDOWN"));
        assertThat(replay("nic_invalid_token", false, EwbClient.GENERATED)).isInstanceOfSatisfying(EwbOutcome.Refused.class,
                refused -> assertThat(refused.hasCode(EwbClient.INVALID_TOKEN)).isTrue());
        assertThat(EwbClient.codesIn("Invalid vehicle : 225,304,")).extracting("code").containsExactly("225", "304");
    }

    @Test
    void nicEnvelopesDecryptWithTheSessionKeyAndGetsThroughTheirAnswerKey() {
        String plain = NicJson.write(shapes.get("gsp_generate").get("result"));
        String post = NicJson.write(NicJson.object().put("status", "1").put("data", NicCrypto.encryptJson(sek, plain)));
        assertThat(EwbClient.interpret(200, post, sek, false, EwbClient.GENERATED).value().ewayBillNo()).isEqualTo(291004000123L);

        byte[] rek = NicCrypto.newKey();
        String bill = NicJson.write(shapes.get("gsp_get").get("result"));
        ObjectNode get = NicJson.object().put("status", 1)
                .put("data", NicCrypto.encryptJson(rek, bill))
                .put("rek", Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(sek, rek)))
                .put("hmac", Base64.getEncoder().encodeToString(EwbClient.hmac(rek, bill)));
        assertThat(EwbClient.interpret(200, NicJson.write(get), sek, true, EwbClient.EWAY_BILL).value().ewbNo())
                .isEqualTo(291004000123L);
        get.put("hmac", Base64.getEncoder().encodeToString(EwbClient.hmac(NicCrypto.newKey(), bill)));
        assertThat(EwbClient.interpret(200, NicJson.write(get), sek, true, EwbClient.EWAY_BILL))
                .isInstanceOf(EwbOutcome.Unknown.class);
        assertThat(EwbClient.interpret(200, post, NicCrypto.newKey(), false, EwbClient.GENERATED))
                .as("another session's key").isInstanceOf(EwbOutcome.Unknown.class);
        assertThat(EwbClient.interpret(502, "<html>Bad gateway</html>", sek, false, EwbClient.GENERATED))
                .isInstanceOf(EwbOutcome.Unknown.class);
        assertThat(EwbClient.interpret(503, "", sek, false, EwbClient.GENERATED)).isInstanceOf(EwbOutcome.Unavailable.class);
    }

    @Test
    void nicsSloppyTimestampsParse() {
        Instant midnight = Instant.parse("2018-12-13T18:29:59Z");
        assertThat(EwbDates.parse("13/12/2018 23:59:59 PM")).isEqualTo(midnight);
        assertThat(EwbDates.parse("13/12/2018 11:59:59 PM ")).isEqualTo(midnight);
        assertThat(EwbDates.parse("21/05/201811:59:00 PM")).isEqualTo(Instant.parse("2018-05-21T18:29:00Z"));
        assertThat(EwbDates.parse("17/12/2017 12.00:00 PM")).isEqualTo(Instant.parse("2017-12-17T06:30:00Z"));
        assertThat(EwbDates.format(midnight)).isEqualTo("13/12/2018 11:59:59 PM");
    }
}
