package io.ferry.tui.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/** Draws styled lines with the terminal's default colours, bold, reverse video and the accent colour. */
public final class Painter {
  /** The one accent colour: red stays readable on dark and on light backgrounds. */
  public static final TextColor ACCENT = TextColor.ANSI.RED;

  private Painter() {}

  public static void line(TextGraphics g, int row, Line line, int width) {
    int col = 0;
    for (Segment s : line.segments()) {
      if (col >= width) {
        break;
      }
      String text = s.text().length() > width - col ? s.text().substring(0, width - col) : s.text();
      style(g, s.style());
      g.putString(col, row, text);
      col += text.length();
    }
    style(g, Style.NORMAL);
  }

  public static void lines(TextGraphics g, int firstRow, List<Line> lines, int width) {
    for (int i = 0; i < lines.size(); i++) {
      line(g, firstRow + i, lines.get(i), width);
    }
  }

  public static void style(TextGraphics g, Style style) {
    g.clearModifiers();
    g.setForegroundColor(TextColor.ANSI.DEFAULT);
    g.setBackgroundColor(TextColor.ANSI.DEFAULT);
    switch (style) {
      case BOLD -> g.enableModifiers(SGR.BOLD);
      case FOCUS -> g.enableModifiers(SGR.REVERSE);
      case ACCENT -> {
        g.setForegroundColor(ACCENT);
        g.enableModifiers(SGR.BOLD);
      }
      case NORMAL -> { }
    }
  }
}
