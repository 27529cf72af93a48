package io.ferry.tui.ui;

import java.util.Locale;

/** A text gauge, "[#########.........]  45%", in plain ASCII (linux console, tmux, capture-pane). */
public final class Gauge {
  private Gauge() {}

  /** {@code fraction} in 0..1, or negative when unknown (an empty bar without a percentage). */
  public static String bar(double fraction, int width) {
    int inner = Math.max(1, width - 7);
    if (fraction < 0) {
      return "[" + ".".repeat(inner) + "]     ";
    }
    double f = Math.min(1.0, fraction);
    int filled = (int) Math.floor(f * inner);
    return "[" + "#".repeat(filled) + ".".repeat(inner - filled) + "]" + String.format(Locale.ROOT, "%4d%%", (int) (f * 100));
  }
}
