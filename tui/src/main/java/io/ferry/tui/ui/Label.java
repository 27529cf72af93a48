package io.ferry.tui.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Text that wraps to the width: a paragraph, a heading, a list of findings. */
public final class Label extends Item {
  private final IntFunction<List<Line>> lines;
  private final boolean wrap;

  private Label(IntFunction<List<Line>> lines, boolean wrap) {
    this.lines = lines;
    this.wrap = wrap;
  }

  public static Label text(String text) {
    return new Label(w -> List.of(Line.of(text)), true);
  }

  public static Label text(String text, Style style) {
    return new Label(w -> List.of(Line.of(text, style)), true);
  }

  /** Lines computed for the width each time the page is drawn (state that changes in the background). */
  public static Label live(IntFunction<List<Line>> lines) {
    return new Label(lines, true);
  }

  @Override
  public List<Line> render(int width, int focusedStop) {
    List<Line> out = new ArrayList<>();
    for (Line l : lines.apply(width)) {
      if (!wrap || l.text().length() <= width || l.segments().size() != 1) {
        out.add(l);
      } else {
        String text = l.text();
        String indent = text.substring(0, text.length() - text.stripLeading().length());
        out.addAll(Line.wrap(text.strip(), width, indent, l.segments().get(0).style()));
      }
    }
    return out;
  }
}
