package com.aitesting.core.idempotency;

import java.util.UUID;

/** A stored use of a key: the fingerprint of the request that used it and the id of what that request created. */
public record IdempotencyRecord(String fingerprint, UUID resourceId) {}
