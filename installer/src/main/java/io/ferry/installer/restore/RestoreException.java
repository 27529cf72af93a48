package io.ferry.installer.restore;

/** Data could not be restored; the message names the volume or database and what the tool said. */
public final class RestoreException extends Exception {
  public RestoreException(String message) {
    super(message);
  }

  public RestoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
