package io.ferry.signing.pgp;

import java.time.Instant;

/**
 * A signature that verified: who made it and when.
 *
 * @param keyId the key that made the signature (a signing subkey if the release key has one), 16
 *     upper-case hex digits as gpg prints it
 * @param fingerprint that key's fingerprint, 40 upper-case hex digits
 * @param userId the user ID of the release key, e.g. {@code Example Releases <rel@example.com>}
 * @param signedAt the creation time the signer put into the signature
 */
public record SignatureCheck(String keyId, String fingerprint, String userId, Instant signedAt) {}
