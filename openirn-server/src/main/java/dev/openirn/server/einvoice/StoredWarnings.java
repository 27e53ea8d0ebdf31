package dev.openirn.server.einvoice;

import dev.openirn.server.web.ErrorDetail;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** An e-invoice's warnings as its row stores them (a JSON array), read for every view of it. */
@Component
class StoredWarnings {

    /** Built once: a type reference made on every read cost a GET more than reading the warnings themselves. */
    private final ObjectReader reader;

    StoredWarnings(JsonMapper json) {
        this.reader = json.readerFor(new TypeReference<List<ErrorDetail>>() { });
    }

    List<ErrorDetail> of(EInvoice invoice) {
        String stored = invoice.warnings();
        return stored == null || stored.equals("[]") ? List.of() : reader.readValue(stored);
    }
}
