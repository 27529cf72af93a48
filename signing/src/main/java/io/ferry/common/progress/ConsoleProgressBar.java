package io.ferry.common.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders progress events as one self-overwriting line per task on a terminal, or as plain start
 * and finish lines when the output is not a terminal (CI logs stay readable). Thread-safe;
 * redraws at most ten times a second so that hashing a gigabyte does not spend its time printing.
 */
public final class ConsoleProgressBar implements ProgressListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private long lastDraw;
  private int lastLength;

  public ConsoleProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A bar on stderr, animated only when the process runs in a terminal. */
  public static ConsoleProgressBar onStderr() {
    return new ConsoleProgressBar(System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")));
  }

  @Override
  public synchronized void onProgress(ProgressEvent e) {
    long now = System.nanoTime();
    switch (e.phase()) {
      case START -> {
        if (!interactive) {
          out.println(e.task() + " ...");
        }
      }
      case UPDATE -> {
        if (interactive && now - lastDraw >= REDRAW_NANOS) {
          draw(render(e));
          lastDraw = now;
        }
      }
      case FINISH -> {
        String line = renderFinished(e);
        if (interactive) {
          draw(line);
          out.println();
          lastLength = 0;
        } else {
          out.println(line);
        }
      }
    }
    out.flush();
  }

  private void draw(String line) {
    StringBuilder sb = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < lastLength; i++) {
      sb.append(' ');
    }
    lastLength = line.length();
    out.print(sb);
  }

  static String render(ProgressEvent e) {
    double seconds = Math.max(e.elapsedNanos() / 1e9, 1e-3);
    double rate = e.done() / seconds;
    StringBuilder sb = new StringBuilder();
    sb.append(pad(e.task(), 20)).append(' ');
    if (e.total() > 0) {
      double fraction = Math.min(1.0, (double) e.done() / e.total());
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
      sb.append(String.format(Locale.ROOT, "%3d%% ", (int) (fraction * 100)));
      sb.append(bytes(e.done())).append('/').append(bytes(e.total()));
      sb.append(' ').append(bytes((long) rate)).append("/s");
      if (rate > 0 && e.done() < e.total()) {
        sb.append(" ETA ").append(duration((long) ((e.total() - e.done()) / rate)));
      }
    } else {
      sb.append(bytes(e.done())).append(' ').append(bytes((long) rate)).append("/s");
    }
    if (e.item() != null && !e.item().isEmpty()) {
      sb.append("  ").append(e.item());
    }
    return sb.length() > 118 ? sb.substring(0, 118) : sb.toString();
  }

  static String renderFinished(ProgressEvent e) {
    double seconds = Math.max(e.elapsedNanos() / 1e9, 1e-3);
    if (e.total() > 0 && e.done() < e.total()) {
      // A task that ends short of its total was cut off (a rejected bundle, a failure): never say "done".
      return String.format(Locale.ROOT, "%s stopped at %s of %s", pad(e.task(), 20), bytes(e.done()), bytes(e.total()));
    }
    return String.format(Locale.ROOT, "%s done: %s in %.1f s (%s/s)",
        pad(e.task(), 20), bytes(e.done()), seconds, bytes((long) (e.done() / seconds)));
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  private static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
