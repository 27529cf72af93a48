package io.ferry.bundler.build;

/** A build failed for a reason the release engineer can fix; the message says how. */
public final class BuildException extends Exception {
  private final int exitCode;

  public BuildException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
