package dev.openirn.server.gstin;

import dev.openirn.server.auth.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/gstins/{gstin}}: a taxpayer's registration, from the IRP through the caller's environment. */
@RestController
@RequestMapping(path = "/v1/gstins", produces = MediaType.APPLICATION_JSON_VALUE)
class GstinController {

    private final GstinLookup lookup;

    GstinController(GstinLookup lookup) {
        this.lookup = lookup;
    }

    @GetMapping("/{gstin}")
    GstinRegistration get(Caller caller, @PathVariable String gstin) {
        return lookup.lookup(caller, gstin);
    }
}
