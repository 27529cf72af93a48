package io.ferry.installer.cli;

/** An expected failure: its message says what happened and what to do; its exit code is documented. */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;

  public CommandFailure(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
