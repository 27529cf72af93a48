package io.ferry.signing.manifest;

/** What a blob holds; decides how the installer uses it. */
public enum BlobKind {
  /** An image layer: a tar, compressed as the blob says; its uncompressed digest is the diff ID. */
  LAYER("layer"),
  /** An image configuration, stored raw: its digest is the image ID. */
  CONFIG("config"),
  /** A file of the stack (compose file, descriptor, config defaults), stored raw. */
  FILE("file"),
  /** Vanilla data for a first install (a database dump or a volume tar), compressed. */
  DATA("data");

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
