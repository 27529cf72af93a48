package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A row of buttons ("< Back >  < Next >"), one focus stop each; Enter presses the focused one. */
public final class ButtonBar extends Item {
  /** A button: its label and what pressing it does; a disabled button is shown but does nothing. */
  public record Button(String label, Runnable action, BooleanSupplier enabled) {
    public Button(String label, Runnable action) {
      this(label, action, () -> true);
    }
  }

  private final List<Button> buttons;

  public ButtonBar(Button... buttons) {
    this.buttons = List.of(buttons);
  }

  @Override
  public int stops() {
    return buttons.size();
  }

  @Override
  public List<Line> render(int width, int focusedStop) {
    List<Segment> segments = new ArrayList<>();
    segments.add(Segment.plain(" ".repeat(TextField.LABEL_WIDTH + 1)));
    for (int i = 0; i < buttons.size(); i++) {
      Button b = buttons.get(i);
      String text = b.enabled().getAsBoolean() ? "< " + b.label() + " >" : "  " + b.label() + "  ";
      segments.add(new Segment(text, i == focusedStop ? Style.FOCUS : Style.BOLD));
      segments.add(Segment.plain("  "));
    }
    return List.of(Line.blank(), new Line(segments, -1));
  }

  @Override
  public boolean key(KeyStroke k, int stop) {
    if (k.getKeyType() == KeyType.Enter) {
      Button b = buttons.get(stop);
      if (b.enabled().getAsBoolean()) {
        b.action().run();
      }
      return true;
    }
    return false;
  }
}
