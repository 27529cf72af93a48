package io.ferry.tui.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A scrolling log pane of fixed height: follows the end until the user scrolls back (PgUp), and
 * follows again at the end (PgDn, End). Used on the UI thread only.
 */
public final class LogView {
  private final Supplier<List<String>> source;
  private int fromEnd;

  public LogView(Supplier<List<String>> source) {
    this.source = source;
  }

  public void pageUp(int height) {
    fromEnd = Math.min(Math.max(0, source.get().size() - height), fromEnd + Math.max(1, height - 1));
  }

  public void pageDown(int height) {
    fromEnd = Math.max(0, fromEnd - Math.max(1, height - 1));
  }

  public List<Line> render(int width, int height) {
    List<String> all = source.get();
    int end = Math.max(0, all.size() - fromEnd);
    int start = Math.max(0, end - height);
    List<Line> lines = new ArrayList<>();
    for (String s : all.subList(start, end)) {
      lines.add(Line.of(Text.fit(s, width)));
    }
    while (lines.size() < height) {
      lines.add(Line.blank());
    }
    return lines;
  }
}
