package io.ferry.signing.pgp;

import java.time.Instant;

/**
 * One release key in a {@link TrustStore}, for listing.
 *
 * @param keyId the primary key's id, 16 upper-case hex digits
 * @param fingerprint the primary key's fingerprint, 40 upper-case hex digits
 * @param userId the primary user ID
 * @param created when the key was created
 * @param expires when the key expires, or {@code null} if it never does
 * @param revoked when the key was revoked, or {@code null} if it was not
 */
public record TrustedKey(
    String keyId,
    String fingerprint,
    String userId,
    Instant created,
    Instant expires,
    Instant revoked) {}
