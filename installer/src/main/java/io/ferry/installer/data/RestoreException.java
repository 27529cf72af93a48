package io.ferry.installer.data;

/** Data could not be restored; the message names the volume or database and what the tool said. */
public class RestoreException extends Exception {
  public RestoreException(String message) {
    super(message);
  }

  public RestoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
