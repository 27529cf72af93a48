package io.ferry.installer.compose;

/**
 * A compose command failed, timed out or could not be started. The message says what Ferry ran
 * and ends with the last lines compose printed, which is where compose says why.
 */
public final class ComposeException extends Exception {
  private final int exitCode;
  private final String outputTail;

  public ComposeException(String message) {
    this(message, -1, "", null);
  }

  public ComposeException(String message, int exitCode, String outputTail, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.outputTail = outputTail == null ? "" : outputTail;
  }

  /** The exit code of the compose process, or -1 if it did not exit by itself (timeout, not started). */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines of compose's output (also in the message); empty if there was none. */
  public String outputTail() {
    return outputTail;
  }
}
