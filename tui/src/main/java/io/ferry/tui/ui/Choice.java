package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A group of options, one focus stop each: a radio group ("(*) small") or check boxes ("[x] reports"),
 * one option a line, or all on one line ({@link #inline()}, the focused option's meaning under it).
 * Space or Enter selects (radio) or toggles (check box) the focused option.
 */
public final class Choice extends Item {
  /** One option: its value, what is shown for it ({@code label}), and what it means. */
  public record Option(String value, String label, String description) {
    public Option(String value, String description) {
      this(value, value, description);
    }
  }

  private final String label;
  private List<Option> options;
  private final boolean multiple;
  private boolean inline;
  private final List<String> selected = new ArrayList<>();
  private Consumer<Choice> onChange = c -> {};
  private String problem;

  private Choice(String label, List<Option> options, boolean multiple) {
    this.label = label;
    this.options = List.copyOf(options);
    this.multiple = multiple;
  }

  public static Choice one(String label, List<Option> options, String selected) {
    Choice c = new Choice(label, options, false);
    if (selected != null) {
      c.selected.add(selected);
    }
    return c;
  }

  public static Choice many(String label, List<Option> options, List<String> selected) {
    Choice c = new Choice(label, options, true);
    c.selected.addAll(selected);
    return c;
  }

  /** Shows the options on one line, the focused one's description under it. */
  public Choice inline() {
    inline = true;
    return this;
  }

  /**
   * Replaces the options; a selected value that is still offered stays selected, else a radio group
   * selects its first option.
   */
  public void options(List<Option> replacement) {
    options = List.copyOf(replacement);
    selected.removeIf(v -> options.stream().noneMatch(o -> o.value().equals(v)));
    if (!multiple && selected.isEmpty() && !options.isEmpty()) {
      selected.add(options.get(0).value());
    }
  }

  public List<Option> options() {
    return options;
  }

  public Choice onChange(Consumer<Choice> listener) {
    onChange = listener;
    return this;
  }

  public List<String> selected() {
    return List.copyOf(selected);
  }

  public String selectedOne() {
    return selected.isEmpty() ? null : selected.get(0);
  }

  public void select(List<String> values) {
    selected.clear();
    values.stream().filter(v -> options.stream().anyMatch(o -> o.value().equals(v))).forEach(selected::add);
  }

  public void problem(String p) {
    problem = p;
  }

  @Override
  public int stops() {
    return options.size();
  }

  @Override
  public List<Line> render(int width, int focusedStop) {
    if (inline) {
      return renderInline(width, focusedStop);
    }
    List<Line> lines = new ArrayList<>();
    int nameWidth = options.stream().mapToInt(o -> o.label().length()).max().orElse(0);
    for (int i = 0; i < options.size(); i++) {
      Option o = options.get(i);
      boolean on = selected.contains(o.value());
      String mark = multiple ? (on ? "[x] " : "[ ] ") : (on ? "(*) " : "( ) ");
      String head = Text.pad(i == 0 ? label + ":" : "", TextField.LABEL_WIDTH) + " ";
      String rest = Text.fit(" " + o.description(), Math.max(0, width - head.length() - mark.length() - nameWidth));
      lines.add(Line.of(new Segment(head, focusedStop >= 0 ? Style.BOLD : Style.NORMAL),
          new Segment(mark + Text.pad(o.label(), nameWidth), i == focusedStop ? Style.FOCUS : Style.NORMAL),
          Segment.plain(rest)));
    }
    if (problem != null) {
      lines.addAll(Line.wrap(problem, width, " ".repeat(TextField.LABEL_WIDTH + 1), Style.ACCENT));
    }
    return lines;
  }

  private List<Line> renderInline(int width, int focusedStop) {
    List<Segment> segments = new ArrayList<>();
    segments.add(new Segment(Text.pad(label + ":", TextField.LABEL_WIDTH) + " ",
        focusedStop >= 0 ? Style.BOLD : Style.NORMAL));
    for (int i = 0; i < options.size(); i++) {
      Option o = options.get(i);
      boolean on = selected.contains(o.value());
      String mark = multiple ? (on ? "[x] " : "[ ] ") : (on ? "(*) " : "( ) ");
      segments.add(new Segment(mark + o.label(), i == focusedStop ? Style.FOCUS : Style.NORMAL));
      segments.add(Segment.plain("  "));
    }
    List<Line> lines = new ArrayList<>();
    lines.add(new Line(segments, -1));
    String indent = " ".repeat(TextField.LABEL_WIDTH + 1);
    if (problem != null) {
      lines.addAll(Line.wrap(problem, width, indent, Style.ACCENT));
    } else if (focusedStop >= 0 && focusedStop < options.size() && !options.get(focusedStop).description().isEmpty()) {
      lines.addAll(Line.wrap(options.get(focusedStop).description(), width, indent, Style.NORMAL));
    }
    return lines;
  }

  @Override
  public boolean key(KeyStroke k, int stop) {
    boolean space = k.getKeyType() == KeyType.Character && k.getCharacter() == ' ';
    if (!space && k.getKeyType() != KeyType.Enter || stop >= options.size()) {
      return false;
    }
    String v = options.get(stop).value();
    if (multiple) {
      if (!selected.remove(v)) {
        selected.add(v);
        // keep the options' order, so the answer file does not depend on the order of key strokes
        selected.sort((a, b) -> indexOf(a) - indexOf(b));
      }
    } else {
      selected.clear();
      selected.add(v);
    }
    problem = null;
    onChange.accept(this);
    return true;
  }

  private int indexOf(String v) {
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).value().equals(v)) {
        return i;
      }
    }
    return -1;
  }
}
