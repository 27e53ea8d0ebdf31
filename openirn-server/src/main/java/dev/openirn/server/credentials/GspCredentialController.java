package dev.openirn.server.credentials;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.RequestJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/gsp-credentials/irn} and {@code /v1/gsp-credentials/ewb}: upsert,
 * read, test connection, soft delete. Scoped to the token's organization and environment.
 */
@RestController
@RequestMapping(path = "/v1/gsp-credentials/{portal}", produces = MediaType.APPLICATION_JSON_VALUE)
class GspCredentialController {

    private final CredentialVault vault;
    private final RequestJson requestJson;

    GspCredentialController(CredentialVault vault, RequestJson requestJson) {
        this.vault = vault;
        this.requestJson = requestJson;
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CredentialRequest.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> upsert(Caller caller, @PathVariable("portal") String portal,
            @RequestBody(required = false) byte[] body) {
        Portal target = portal(portal);
        RequestJson.Parsed<CredentialRequest> request = read(body);
        CredentialVault.Upserted upserted = vault.upsert(caller, target, request.value());
        Map<String, Object> view = view(upserted.credential());
        if (!request.warnings().isEmpty()) {
            view.put("warnings", request.warnings());
        }
        return ResponseEntity.status(upserted.created() ? HttpStatus.CREATED : HttpStatus.OK).body(view);
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CredentialRequest.class)))
    @PostMapping(path = "/test-connection", consumes = MediaType.APPLICATION_JSON_VALUE)
    TestConnectionResult testConnection(Caller caller, @PathVariable("portal") String portal,
            @RequestBody(required = false) byte[] body) {
        Portal target = portal(portal);
        return vault.testConnection(caller, target, read(body).value());
    }

    private RequestJson.Parsed<CredentialRequest> read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("request.malformed_json", "The request body is empty.", null);
        }
        return requestJson.read(body, CredentialRequest.class);
    }

    @GetMapping("/{gstin}")
    Map<String, Object> get(Caller caller, @PathVariable("portal") String portal, @PathVariable("gstin") String gstin) {
        return view(vault.get(caller, portal(portal), gstin));
    }

    @DeleteMapping("/{gstin}")
    Map<String, Object> delete(Caller caller, @PathVariable("portal") String portal, @PathVariable("gstin") String gstin) {
        return view(vault.delete(caller, portal(portal), gstin));
    }

    private static Portal portal(String path) {
        Portal portal = Portal.fromPath(path);
        if (portal == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such endpoint: /v1/gsp-credentials/" + path);
        }
        return portal;
    }

    /** The credential record; the password appears only as {@code hasPassword}. */
    static Map<String, Object> view(StoredCredential credential) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", credential.id());
        view.put("object", credential.portal().wireName() + "_credential");
        view.put("organizationId", credential.organizationId());
        view.put(credential.portal().gstinField(), credential.gstin());
        view.put("userName", credential.userName());
        view.put("hasPassword", credential.hasPassword());
        view.put("lastVerifiedAt", credential.lastVerifiedAt());
        view.put("lastVerifiedStatus", credential.lastVerifiedStatus());
        view.put("lastUsedAt", credential.lastUsedAt());
        view.put("addedAt", credential.addedAt());
        view.put("updatedAt", credential.updatedAt());
        view.put("notes", credential.notes());
        view.put("environment", credential.environment());
        if (credential.deletedAt() != null) {
            view.put("deleted", true);
            view.put("deletedAt", credential.deletedAt());
        }
        return view;
    }
}
