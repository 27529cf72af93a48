package io.ferry.installer.deploy;

/**
 * A deployment cannot go on. The message says what happened, why, and what to do next (how to
 * retry); the exit code is one of the documented ones.
 */
public final class DeployException extends Exception {
  private final int exitCode;

  public DeployException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public DeployException(String message, int exitCode) {
    this(message, exitCode, null);
  }

  public int exitCode() {
    return exitCode;
  }
}
