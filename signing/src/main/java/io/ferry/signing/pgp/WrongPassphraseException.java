package io.ferry.signing.pgp;

import java.nio.file.Path;

/** The passphrase does not unlock the secret key in {@link #file()}. */
public final class WrongPassphraseException extends SigningException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public WrongPassphraseException(Path file, Throwable cause) {
    super("the passphrase does not unlock the secret key in " + file, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
