package dev.openirn.server.auth;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** OIDC discovery under the realm path, where Keycloak-style clients look for it. */
@RestController
class RealmDiscoveryController {

    private final OpenIrnProperties properties;

    RealmDiscoveryController(OpenIrnProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/realms/{realm}/.well-known/openid-configuration")
    Map<String, Object> discovery(@PathVariable String realm) {
        if (!realm.equals(properties.auth().realm())) {
            throw ApiException.notFound("Realm");
        }
        String issuer = properties.auth().issuer();
        String base = issuer.substring(0, issuer.length() - ("/realms/" + realm).length());
        String protocol = base + "/realms/" + realm + "/protocol/openid-connect";
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("token_endpoint", protocol + "/token");
        document.put("jwks_uri", protocol + "/certs");
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        document.put("scopes_supported", List.of(properties.auth().scope()));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        return document;
    }
}
