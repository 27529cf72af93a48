package io.ferry.signing.snapshot;

/** What a snapshot holds: a customer's backup, or the vanilla data a bundle ships for a first install. */
public enum SnapshotKind {
  BACKUP("backup"),
  VANILLA("vanilla");

  private final String token;

  SnapshotKind(String token) {
    this.token = token;
  }

  /** The word in the snapshot document. */
  public String token() {
    return token;
  }

  /** The kind a document word names, or null. */
  public static SnapshotKind ofToken(String token) {
    for (SnapshotKind k : values()) {
      if (k.token.equals(token)) {
        return k;
      }
    }
    return null;
  }
}
