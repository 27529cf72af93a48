package io.ferry.tui.ui;

import java.util.ArrayList;
import java.util.List;

/** Plain-text helpers for fixed-width screens. */
public final class Text {
  private Text() {}

  /** Word-wraps one paragraph; words longer than the width are cut. Never returns an empty list. */
  public static List<String> wrap(String paragraph, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : paragraph.strip().split("\\s+")) {
      while (word.length() > width) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!word.isEmpty()) {
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** {@code s} cut to {@code width} columns, with "..." when it was longer. */
  public static String fit(String s, int width) {
    if (s.length() <= width) {
      return s;
    }
    return width <= 3 ? s.substring(0, Math.max(0, width)) : s.substring(0, width - 3) + "...";
  }

  /** {@code s} padded with spaces (or cut) to exactly {@code width} columns. */
  public static String pad(String s, int width) {
    return s.length() >= width ? s.substring(0, width) : s + " ".repeat(width - s.length());
  }

  /** The end of {@code s} when it is too long ("...tail"): paths are told apart by their end. */
  public static String fitTail(String s, int width) {
    return s.length() <= width ? s : "..." + s.substring(s.length() - Math.max(0, width - 3));
  }
}
