package io.ferry.signing.pgp;

import java.nio.file.Path;

/** The trust store (a key file or a folder of key files) is missing, empty or unreadable. */
public final class TrustStoreException extends SigningException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  public TrustStoreException(Path path, String message) {
    super(message);
    this.path = path;
  }

  public TrustStoreException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The file or folder the message is about. */
  public Path path() {
    return path;
  }
}
