package io.ferry.tui.ui;

/** A run of text in one style. */
public record Segment(String text, Style style) {
  public static Segment plain(String text) {
    return new Segment(text, Style.NORMAL);
  }
}
