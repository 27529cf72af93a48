package io.ferry.installer.status;

/**
 * The status cannot be told: nothing is deployed, the stack is ambiguous, or the record is
 * unreadable. The message says what to do; the exit code is one of {@code ExitCode}'s.
 */
public final class StatusException extends Exception {
  private final int exitCode;

  public StatusException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
