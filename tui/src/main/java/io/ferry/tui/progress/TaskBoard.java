package io.ferry.tui.progress;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressEvent;
import io.ferry.common.progress.ProgressListener;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment's progress as the progress screen shows it: one row per task ("[4/8] restoring
 * vanilla data") in the order they started, an overall fraction from the step numbers, and a log of
 * what happened. Fed by the deployer's thread, read by the UI thread: thread-safe.
 */
public final class TaskBoard implements ProgressListener {
  private static final Pattern STEP = Pattern.compile("^\\[(\\d+)/(\\d+)]");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  /** Steps of a deployment, and where the tasks without a number belong. */
  static final int STEPS = 8;

  /** One task as last reported. */
  public record Row(String task, String item, long done, long total, boolean finished, long elapsedNanos) {
    /** 0..1, or -1 when the task's size is unknown and it still runs. */
    public double fraction() {
      if (finished) {
        return 1;
      }
      return total > 0 ? Math.min(1.0, (double) done / total) : -1;
    }

    public String rate() {
      double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
      String units = total > 1000 || done > 1000 ? ConsoleProgressBar.bytes((long) (done / seconds)) + "/s" : "";
      if (finished) {
        return String.format(Locale.ROOT, "took %.1f s", seconds);
      }
      if (total > 0 && done > 0 && done < total) {
        long eta = (long) ((total - done) / (done / seconds));
        return (units.isEmpty() ? "" : units + " ") + String.format(Locale.ROOT, "ETA %d:%02d", eta / 60, eta % 60);
      }
      return units;
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private final Consumer<String> logSink;
  private String current = "";
  private boolean complete;

  public TaskBoard(Consumer<String> logSink) {
    this.logSink = logSink;
  }

  @Override
  public synchronized void onProgress(ProgressEvent e) {
    Row before = rows.get(e.task());
    rows.put(e.task(), new Row(e.task(), e.item(), e.done(), e.total(),
        e.phase() == ProgressEvent.Phase.FINISH, e.elapsedNanos()));
    switch (e.phase()) {
      case START -> add(e.task() + " ...");
      case UPDATE -> {
        if (e.item() != null && !e.item().isEmpty() && (before == null || !e.item().equals(before.item()))) {
          add("  " + e.item());
        }
      }
      case FINISH -> add(e.task() + ": " + rows.get(e.task()).rate());
    }
    if (e.item() != null && !e.item().isEmpty()) {
      current = e.item();
    }
  }

  /** A line of the wizard's own (planning, failure, success). */
  public synchronized void add(String line) {
    String stamped = LocalTime.now().format(CLOCK) + " " + line;
    log.add(stamped);
    if (log.size() > 5000) {
      log.remove(0);
    }
    logSink.accept(line);
  }

  public synchronized void complete() {
    complete = true;
  }

  public synchronized List<Row> rows() {
    return List.copyOf(rows.values());
  }

  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  public synchronized String currentItem() {
    return current;
  }

  /** The whole deployment, 0..1: finished steps plus the running one's share. */
  public synchronized double overall() {
    if (complete) {
      return 1;
    }
    double best = 0;
    for (Row r : rows.values()) {
      int[] span = span(r.task());
      double f = r.fraction() < 0 ? 0 : r.fraction();
      best = Math.max(best, (span[0] + f * (span[1] - span[0])) / STEPS);
    }
    return best;
  }

  /** The steps a task covers, as [from, to] out of {@value #STEPS}. */
  static int[] span(String task) {
    Matcher m = STEP.matcher(task);
    if (m.find()) {
      int n = Integer.parseInt(m.group(1));
      return new int[] {n - 1, n};
    }
    if (task.startsWith("verifying")) {
      return new int[] {0, 2};
    }
    if (task.startsWith("waiting for health")) {
      return new int[] {6, 7};
    }
    return new int[] {0, 0};
  }
}
