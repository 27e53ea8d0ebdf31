package dev.openirn.server.events;

import dev.openirn.server.support.SignedPayloadSplice;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads an event's payload as it was sent: an e-invoice event is stored without the row's signed payloads
 * (see {@link EventOutbox}), which are copied back in here. For a statement over {@code api_event v}.
 */
public final class EventPayloads {

    /** The columns {@link #read} takes, in this order. */
    public static final String COLUMNS = "v.payload, v.payload_splice_at, signed.signed_qr_code, signed.signed_invoice";

    /** The join that gives {@link #COLUMNS} the referred row's payloads. */
    public static final String JOIN = "left join einvoice signed on signed.id = v.payload_einvoice_id";

    private EventPayloads() {
    }

    /** The whole payload from {@link #COLUMNS}, starting at column {@code first}. */
    public static String read(ResultSet rs, int first) throws SQLException {
        String payload = rs.getString(first);
        int spliceAt = rs.getInt(first + 1);
        if (rs.wasNull()) {
            return payload;
        }
        byte[] whole = SignedPayloadSplice.fill(new SignedPayloadSplice.Gap(payload.getBytes(StandardCharsets.UTF_8), spliceAt),
                rs.getBytes(first + 2), rs.getBytes(first + 3));
        if (whole == null) {
            throw new IllegalStateException("The event's e-invoice no longer holds its signed payloads");
        }
        return new String(whole, StandardCharsets.UTF_8);
    }
}
