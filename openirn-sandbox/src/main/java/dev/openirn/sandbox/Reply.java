package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.NicError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An HTTP answer, built before anything is written so faults can still swallow it. As an {@link Authorization} it
 * is the refusal of a call.
 */
record Reply(int status, String contentType, byte[] body) implements Authorization {

    @Override
    public Reply then(Function<SandboxStore.Session, Reply> call) {
        return this;
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, "application/json; charset=utf-8", NicJson.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** NIC success envelope; {@code data} is the encrypted string (or, for auth, a plain object). */
    static Reply nicSuccess(JsonNode data) {
        return nicSuccess(data, null);
    }

    /** A success that also carries {@code InfoDtls} (null for none): EWBERR/EWBPPD for an e-way bill asked for with an IRN, SBXWARN for lenient-mode warnings. */
    static Reply nicSuccess(JsonNode data, JsonNode infoDetails) {
        ObjectNode envelope = NicJson.object();
        envelope.put("Status", 1);
        envelope.set("Data", data);
        envelope.putNull("ErrorDetails");
        if (infoDetails == null) {
            envelope.putNull("InfoDtls");
        } else {
            envelope.set("InfoDtls", infoDetails);
        }
        return json(200, envelope);
    }

    /** NIC failure envelope: HTTP 200, {@code Status 0}, every error at once. */
    static Reply nicFailure(List<NicError> errors, JsonNode infoDetails) {
        return nicFailure(200, errors, infoDetails);
    }

    static Reply nicFailure(NicError error) {
        return nicFailure(200, List.of(error), null);
    }

    static Reply nicFailure(int httpStatus, List<NicError> errors, JsonNode infoDetails) {
        ObjectNode envelope = NicJson.object();
        envelope.put("Status", 0);
        envelope.putNull("Data");
        ArrayNode details = envelope.putArray("ErrorDetails");
        for (NicError error : errors) {
            details.addObject().put("ErrorCode", error.code()).put("ErrorMessage", error.message());
        }
        if (infoDetails == null) {
            envelope.putNull("InfoDtls");
        } else {
            envelope.set("InfoDtls", infoDetails);
        }
        return json(httpStatus, envelope);
    }
}
