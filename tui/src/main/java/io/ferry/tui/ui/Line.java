package io.ferry.tui.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * One screen line of a page's body: styled segments, and where the caret is when the line holds
 * the text field being edited ({@code caret} = -1: no caret). Immutable.
 */
public record Line(List<Segment> segments, int caret) {
  public Line {
    segments = List.copyOf(segments);
  }

  public static Line of(String text) {
    return new Line(List.of(Segment.plain(text)), -1);
  }

  public static Line of(String text, Style style) {
    return new Line(List.of(new Segment(text, style)), -1);
  }

  public static Line of(Segment... segments) {
    return new Line(List.of(segments), -1);
  }

  public static Line blank() {
    return of("");
  }

  /** The line's text without styles (what a test or capture-pane sees). */
  public String text() {
    StringBuilder sb = new StringBuilder();
    segments.forEach(s -> sb.append(s.text()));
    return sb.toString();
  }

  /** {@code text} wrapped at word boundaries to {@code width} columns, each line indented by {@code indent}. */
  public static List<Line> wrap(String text, int width, String indent, Style style) {
    List<Line> lines = new ArrayList<>();
    for (String paragraph : text.split("\n", -1)) {
      for (String l : Text.wrap(paragraph, Math.max(10, width - indent.length()))) {
        lines.add(of(indent + l, style));
      }
    }
    return lines;
  }
}
