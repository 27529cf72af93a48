package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled one-line text field, with the validation message (or, while focused, a help line)
 * right under it. Enter leaves the field like Tab, unless an action is set (e.g. "load this file").
 */
public final class TextField extends Item {
  public static final int LABEL_WIDTH = 18;

  private final String label;
  private final String help;
  private StringBuilder value;
  private int caret;
  private String problem;
  private Runnable onEnter;
  private boolean masked;

  public TextField(String label, String value, String help) {
    this.label = label;
    this.help = help;
    this.value = new StringBuilder(value == null ? "" : value);
    this.caret = this.value.length();
  }

  public String value() {
    return value.toString().strip();
  }

  public void value(String v) {
    value = new StringBuilder(v == null ? "" : v);
    caret = value.length();
  }

  /** The raw text as characters (for a password: no String of it is made); the caller wipes the copy. */
  public char[] chars() {
    char[] c = new char[value.length()];
    value.getChars(0, value.length(), c, 0);
    return c;
  }

  /** Overwrites the text in memory, then empties the field. */
  public void wipe() {
    for (int i = 0; i < value.length(); i++) {
      value.setCharAt(i, '\0');
    }
    value.setLength(0);
    caret = 0;
  }

  /** The message shown under the field in the accent colour; null clears it. */
  public void problem(String p) {
    problem = p;
  }

  public String problem() {
    return problem;
  }

  public TextField onEnter(Runnable action) {
    onEnter = action;
    return this;
  }

  public TextField masked() {
    masked = true;
    return this;
  }

  @Override
  public int stops() {
    return 1;
  }

  @Override
  public List<Line> render(int width, int focusedStop) {
    boolean focused = focusedStop >= 0;
    int boxWidth = Math.max(8, width - LABEL_WIDTH - 2);
    String shown = masked ? "*".repeat(value.length()) : value.toString();
    int offset = Math.max(0, caret - boxWidth + 1);
    String visible = Text.pad(shown.substring(Math.min(offset, shown.length())), boxWidth);
    List<Line> lines = new ArrayList<>();
    String head = Text.pad(label + ":", LABEL_WIDTH);
    lines.add(new Line(List.of(new Segment(head, focused ? Style.BOLD : Style.NORMAL),
        Segment.plain("["), new Segment(visible, focused ? Style.FOCUS : Style.NORMAL), Segment.plain("]")),
        focused ? LABEL_WIDTH + 1 + caret - offset : -1));
    String indent = " ".repeat(LABEL_WIDTH + 1);
    if (problem != null) {
      lines.addAll(Line.wrap(problem, width, indent, Style.ACCENT));
    } else if (focused && help != null && !help.isEmpty()) {
      lines.addAll(Line.wrap(help, width, indent, Style.NORMAL));
    }
    return lines;
  }

  @Override
  public boolean key(KeyStroke k, int stop) {
    KeyType t = k.getKeyType();
    switch (t) {
      case Character -> {
        if (k.isCtrlDown() || k.isAltDown()) {
          return false;
        }
        value.insert(caret++, k.getCharacter());
        problem = null;
        return true;
      }
      case Backspace -> {
        if (caret > 0) {
          value.deleteCharAt(--caret);
          problem = null;
        }
        return true;
      }
      case Delete -> {
        if (caret < value.length()) {
          value.deleteCharAt(caret);
          problem = null;
        }
        return true;
      }
      case ArrowLeft -> {
        caret = Math.max(0, caret - 1);
        return true;
      }
      case ArrowRight -> {
        caret = Math.min(value.length(), caret + 1);
        return true;
      }
      case Home -> {
        caret = 0;
        return true;
      }
      case End -> {
        caret = value.length();
        return true;
      }
      case Enter -> {
        if (onEnter != null) {
          onEnter.run();
          return true;
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }
}
