package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/**
 * One element of a {@link Form}: a paragraph, a text field, an option, a row of buttons. An item
 * has zero or more focus stops (a row of buttons has one per button). Used on the UI thread only.
 */
public abstract class Item {
  private boolean visible = true;

  /** How many times Tab stops on this item; 0 for text. */
  public int stops() {
    return 0;
  }

  /** The item's lines at {@code width}; {@code focusedStop} is -1 when the focus is elsewhere. */
  public abstract List<Line> render(int width, int focusedStop);

  /** Handles a key while stop {@code stop} has the focus; false when the key is not the item's. */
  public boolean key(KeyStroke k, int stop) {
    return false;
  }

  public boolean visible() {
    return visible;
  }

  public void visible(boolean v) {
    visible = v;
  }
}
