package io.ferry.signing.manifest;

/** What a blob holds; decides how the installer uses it. */
public enum BlobKind {
  /** An image layer: a tar, compressed as the blob says; its uncompressed digest is the diff ID. */
  LAYER("layer"),
  /** An image configuration, stored raw: its digest is the image ID. */
  CONFIG("config"),
  /** A file of the stack (compose file, descriptor, config defaults), stored raw. */
  FILE("file"),
  /**
   * A chunk of the vanilla data's snapshot: one zstd frame, as a backup repository stores it;
   * {@code chunk=} is the SHA-256 of its plain bytes (the name the snapshot document uses) and
   * {@code size=} their length.
   */
  CHUNK("chunk"),
  /**
   * The vanilla data's snapshot document (docs/onprem/backup-format.md), raw: the data for a first
   * install, restored through the same code as a backup.
   */
  SNAPSHOT("snapshot");

  private final String token;

  BlobKind(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }

  public static BlobKind ofToken(String token) {
    for (BlobKind k : values()) {
      if (k.token.equals(token)) {
        return k;
      }
    }
    return null;
  }
}
