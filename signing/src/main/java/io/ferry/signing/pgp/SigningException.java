package io.ferry.signing.pgp;

/**
 * Something about keys or signatures that a person can cause and fix: a wrong passphrase, an
 * expired key, a signature from an unknown key. Front ends map each subclass to an exit code and
 * append the fix; messages here are one line and name the file or key involved.
 *
 * <p>Problems that are not the user's (a broken JDK, a Bouncy Castle bug) are unchecked instead.
 */
public abstract class SigningException extends Exception {
  private static final long serialVersionUID = 1L;

  protected SigningException(String message) {
    super(message);
  }

  protected SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
