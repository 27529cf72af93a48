package io.ferry.installer.compose;

/** Neither a usable {@code docker compose} nor {@code docker-compose} is installed; the message says what to install. */
public final class ComposeUnavailableException extends Exception {
  public ComposeUnavailableException(String message) {
    super(message);
  }

  public ComposeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
