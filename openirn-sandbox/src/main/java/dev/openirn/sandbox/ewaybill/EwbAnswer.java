package dev.openirn.sandbox.ewaybill;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.ewaybill.EwbClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An HTTP answer of the e-way bill system, built before anything is written so faults can still swallow it. */
public record EwbAnswer(int status, String contentType, byte[] body) {

    static EwbAnswer json(int status, JsonNode body) {
        return new EwbAnswer(status, "application/json; charset=utf-8", NicJson.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static EwbAnswer text(int status, String body) {
        return new EwbAnswer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** NIC's refusal: HTTP 200, {@code status "0"}, Base64 of {@code {"errorCodes":"c1,c2"}}, {@code info} Base64 text or null. */
    static EwbAnswer failure(List<String> codes, String info) {
        ObjectNode errorCodes = NicJson.object().put("errorCodes", String.join(",", new LinkedHashSet<>(codes)));
        ObjectNode envelope = NicJson.object();
        envelope.put("status", "0");
        envelope.put("error", base64(NicJson.write(errorCodes)));
        if (info == null) {
            envelope.putNull("info");
        } else {
            envelope.put("info", base64(info));
        }
        return json(200, envelope);
    }

    static EwbAnswer failure(String code) {
        return failure(List.of(code), null);
    }

    /** An action's success: {@code data} encrypted with the session key. */
    static EwbAnswer actionSuccess(byte[] sek, ObjectNode data) {
        ObjectNode envelope = NicJson.object();
        envelope.put("status", "1");
        envelope.put("data", NicCrypto.encryptJson(sek, NicJson.write(data)));
        return json(200, envelope);
    }

    /** A GET's success: {@code data} under a fresh answer key, the key under the session key, and NIC's HMAC. */
    static EwbAnswer readSuccess(byte[] sek, JsonNode data) {
        byte[] rek = NicCrypto.newKey();
        String plain = NicJson.write(data);
        ObjectNode envelope = NicJson.object();
        envelope.put("status", "1");
        envelope.put("data", NicCrypto.encryptJson(rek, plain));
        envelope.put("rek", Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(sek, rek)));
        envelope.put("hmac", Base64.getEncoder().encodeToString(EwbClient.hmac(rek, plain)));
        return json(200, envelope);
    }

    /** The GSP outage answer recorded in front of NIC's e-way bill system. */
    static EwbAnswer gspDown(int httpStatus) {
        return json(httpStatus, NicJson.object().put("message", "EWB : GSPGSTDOWN").put("success", false));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
