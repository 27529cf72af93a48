package io.ferry.signing.manifest;

/** The manifest text is not a valid Ferry bundle manifest; the message names the line. */
public final class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }
}
