package io.ferry.installer.bundle;

/** The manifest's signature is bad, or made by a key the trust store does not hold, or expired. */
public final class SignatureRejectedException extends Exception {
  public SignatureRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
