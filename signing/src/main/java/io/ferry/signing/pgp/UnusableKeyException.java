package io.ferry.signing.pgp;

/**
 * A key ring that cannot be used: no valid self-signature, or no key that may sign. Internal:
 * callers know which file it came from and rethrow it as a {@link SigningException} naming it.
 */
final class UnusableKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  UnusableKeyException(String message) {
    super(message);
  }
}
