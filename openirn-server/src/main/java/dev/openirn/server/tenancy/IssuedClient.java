package dev.openirn.server.tenancy;

/** A client together with its plaintext secret: exists only in the moment of creation or rotation. */
public record IssuedClient(String clientId, String clientSecret, String organizationId, ApiEnvironment environment,
        String profile) {

    @Override
    public String toString() {
        return "IssuedClient[clientId=" + clientId + ", organizationId=" + organizationId + "]";
    }
}
