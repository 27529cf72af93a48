package io.ferry.installer.data;

import java.io.IOException;
import java.util.List;

/**
 * A stack tool run inside a container (pg_dump, psql, ...) exited with a non-zero code. The message
 * names the command, the container, the exit code and the last lines the tool wrote to stderr. An
 * {@link IOException}, because it reaches the consumer of a data stream as the failure of a read.
 */
public final class CommandFailedException extends IOException {
  private final List<String> command;
  private final long exitCode;
  private final String stderrTail;

  public CommandFailedException(List<String> command, String container, long exitCode, String stderrTail) {
    super("'" + String.join(" ", command) + "' in container " + container + " exited with code " + exitCode
        + (stderrTail.isBlank() ? " and printed nothing on stderr" : ": " + stderrTail.strip()));
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }

  public List<String> command() {
    return command;
  }

  public long exitCode() {
    return exitCode;
  }

  /** The last few KiB the tool wrote to stderr. */
  public String stderrTail() {
    return stderrTail;
  }
}
