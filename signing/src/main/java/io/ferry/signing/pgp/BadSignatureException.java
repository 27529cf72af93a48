package io.ferry.signing.pgp;

/**
 * The signature does not prove the data: it does not match, or it is not a usable OpenPGP
 * signature at all. Either way the data must not be trusted.
 */
public final class BadSignatureException extends SigningException {
  private static final long serialVersionUID = 1L;

  /** The message for data that was changed after it was signed. */
  public static final String DOES_NOT_MATCH = "signature does not match the data";

  public BadSignatureException(String message) {
    super(message);
  }

  public BadSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
