package io.ferry.signing.pgp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A key is no longer valid: it expired, or its owner revoked it. Both mean the same to a user (ask
 * the vendor for a current key or bundle), so they share one exception; {@link #revoked()} tells
 * them apart.
 */
public final class ExpiredKeyException extends SigningException {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final String keyId;
  private final String userId;
  private final Instant since;
  private final boolean revoked;

  private ExpiredKeyException(String keyId, String userId, Instant since, boolean revoked) {
    super("key " + keyId + " (" + userId + ") " + (revoked ? "was revoked on " : "expired on ")
        + WHEN.format(since));
    this.keyId = keyId;
    this.userId = userId;
    this.since = since;
    this.revoked = revoked;
  }

  public static ExpiredKeyException expired(String keyId, String userId, Instant expiredAt) {
    return new ExpiredKeyException(keyId, userId, expiredAt, false);
  }

  public static ExpiredKeyException revoked(String keyId, String userId, Instant revokedAt) {
    return new ExpiredKeyException(keyId, userId, revokedAt, true);
  }

  public String keyId() {
    return keyId;
  }

  public String userId() {
    return userId;
  }

  /** When the key expired or was revoked. */
  public Instant since() {
    return since;
  }

  public boolean revoked() {
    return revoked;
  }
}
