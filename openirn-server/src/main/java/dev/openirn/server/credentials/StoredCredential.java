package dev.openirn.server.credentials;

import java.time.Instant;

/** A vault record as the API and the audit see it: everything but the password. */
public record StoredCredential(String id, String organizationId, String environment, Portal portal, String gstin,
        String userName, boolean hasPassword, String notes, Instant lastVerifiedAt, String lastVerifiedStatus,
        Instant lastUsedAt, Instant addedAt, Instant updatedAt, Instant deletedAt) {
}
