package io.ferry.installer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The installer's log file (FERRY_LOG, default /var/log/ferry/ferry.log): the terminal gets one
 * line per failure, the log gets the whole story for support. Writing it never fails a command.
 */
final class LogFile {
  private LogFile() {}

  static Path path() {
    String env = System.getenv("FERRY_LOG");
    return Path.of(env != null ? env : "/var/log/ferry/ferry.log");
  }

  /** Appends one line of what a command did (a backup's outcome, for the nightly job's monitoring). */
  static void info(String commandLine, String message) {
    append(String.format("%s ferry %s%n  %s%n", Instant.now(), commandLine, message));
  }

  /** Appends the failure with its stack trace; returns the log's path, or null when it cannot be written. */
  static Path failure(String commandLine, String message, Throwable detail) {
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(text);
    w.printf("%s ferry %s%n  error: %s%n", Instant.now(), commandLine, message);
    if (detail != null) {
      detail.printStackTrace(w);
    }
    w.flush();
    return append(text.toString());
  }

  private static Path append(String text) {
    Path log = path();
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return log;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
