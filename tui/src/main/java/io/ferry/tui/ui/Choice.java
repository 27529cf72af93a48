package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A group of options, one focus stop each: a radio group ("(*) small") or check boxes ("[x] reports").
 * Space or Enter selects (radio) or toggles (check box) the focused option.
 */
public final class Choice extends Item {
  /** One option: its value, and what it means. */
  public record Option(String value, String description) {}

  private final String label;
  private final List<Option> options;
  private final boolean multiple;
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
    List<Line> lines = new ArrayList<>();
    int nameWidth = options.stream().mapToInt(o -> o.value().length()).max().orElse(0);
    for (int i = 0; i < options.size(); i++) {
      Option o = options.get(i);
      boolean on = selected.contains(o.value());
      String mark = multiple ? (on ? "[x] " : "[ ] ") : (on ? "(*) " : "( ) ");
      String head = Text.pad(i == 0 ? label + ":" : "", TextField.LABEL_WIDTH) + " ";
      String rest = Text.fit(" " + o.description(), Math.max(0, width - head.length() - mark.length() - nameWidth));
      lines.add(Line.of(new Segment(head, focusedStop >= 0 ? Style.BOLD : Style.NORMAL),
          new Segment(mark + Text.pad(o.value(), nameWidth), i == focusedStop ? Style.FOCUS : Style.NORMAL),
          Segment.plain(rest)));
    }
    if (problem != null) {
      lines.addAll(Line.wrap(problem, width, " ".repeat(TextField.LABEL_WIDTH + 1), Style.ACCENT));
    }
    return lines;
  }

  @Override
  public boolean key(KeyStroke k, int stop) {
    boolean space = k.getKeyType() == KeyType.Character && k.getCharacter() == ' ';
    if (!space && k.getKeyType() != KeyType.Enter) {
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
