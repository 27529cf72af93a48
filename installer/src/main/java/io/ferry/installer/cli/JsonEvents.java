package io.ferry.installer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.common.progress.ProgressEvent;
import io.ferry.common.progress.ProgressListener;
import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code --json}: progress and results as one JSON object per line on stdout, for automation.
 * Progress updates are throttled to a few per second per task. Thread-safe.
 */
final class JsonEvents implements ProgressListener {
  static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;
  private long lastUpdate;

  JsonEvents(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void onProgress(ProgressEvent e) {
    long now = System.nanoTime();
    if (e.phase() == ProgressEvent.Phase.UPDATE && now - lastUpdate < 250_000_000L) {
      return;
    }
    lastUpdate = now;
    ObjectNode n = JSON.createObjectNode();
    n.put("event", e.phase().name().toLowerCase());
    n.put("task", e.task());
    n.put("item", e.item());
    n.put("done", e.done());
    n.put("total", e.total());
    n.put("elapsedMs", e.elapsedNanos() / 1_000_000);
    print(n);
  }

  synchronized void result(Map<String, ?> fields) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", "result");
    fields.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
    print(n);
  }

  static void print(PrintWriter out, String event, Map<String, ?> fields) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", event);
    fields.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
    out.println(n);
    out.flush();
  }

  private void print(ObjectNode n) {
    out.println(n);
    out.flush();
  }

}
