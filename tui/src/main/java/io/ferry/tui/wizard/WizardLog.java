package io.ferry.tui.wizard;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The installer's log file (FERRY_LOG, default /var/log/ferry/ferry.log), where the CLI writes too:
 * the wizard appends each deployment step and every failure with its details. Writing it never
 * fails the wizard. Thread-safe.
 */
public final class WizardLog {
  private final Path file;

  public WizardLog(Path file) {
    this.file = file;
  }

  public static WizardLog standard() {
    String env = System.getenv("FERRY_LOG");
    return new WizardLog(Path.of(env != null ? env : "/var/log/ferry/ferry.log"));
  }

  public Path file() {
    return file;
  }

  public synchronized void line(String text) {
    append(Instant.now() + " ferry wizard: " + text + "\n");
  }

  public synchronized void failure(String message, Throwable detail) {
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(text);
    w.printf("%s ferry wizard%n  error: %s%n", Instant.now(), message);
    if (detail != null) {
      detail.printStackTrace(w);
    }
    w.flush();
    append(text.toString());
  }

  private void append(String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      // best effort: the screen shows the same
    }
  }
}
