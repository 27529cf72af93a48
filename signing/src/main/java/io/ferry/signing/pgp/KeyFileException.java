package io.ferry.signing.pgp;

import java.nio.file.Path;

/** A secret key file is missing, unreadable or does not hold a usable OpenPGP secret key. */
public final class KeyFileException extends SigningException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public KeyFileException(Path file, String message) {
    super(message);
    this.file = file;
  }

  public KeyFileException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The key file the message is about. */
  public Path file() {
    return file;
  }
}
