package io.ferry.tui.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;

/**
 * A page body: items one under the other, a focus that Tab / Shift-Tab / arrows move from stop to
 * stop, and a vertical scroll that keeps the focused item in view (so 80x24 always works). Used on
 * the UI thread only.
 */
public final class Form {
  private final List<Item> items = new ArrayList<>();
  private int focusItem = -1;
  private int focusStop;
  private int scroll;
  /** Set by PgUp/PgDn: the user reads text above or below the focus; moving the focus ends it. */
  private boolean pinned;
  private int lastHeight = 10;
  private TerminalPosition caret;

  public <T extends Item> T add(T item) {
    items.add(item);
    if (focusItem < 0 && item.stops() > 0 && item.visible()) {
      focusItem = items.size() - 1;
      focusStop = 0;
    }
    return item;
  }

  public void clear() {
    items.clear();
    focusItem = -1;
    focusStop = 0;
    scroll = 0;
    pinned = false;
  }

  /** Puts the focus on {@code item}'s stop {@code stop}. */
  public void focus(Item item, int stop) {
    int i = items.indexOf(item);
    if (i >= 0 && item.stops() > stop) {
      focusItem = i;
      focusStop = stop;
    }
  }

  public Item focused() {
    return focusItem < 0 ? null : items.get(focusItem);
  }

  /** The body height of the last render (items that fill the page size themselves by it). */
  public int height() {
    return lastHeight;
  }

  /** Where the caret of the focused text field is, relative to the body; null when there is none. */
  public TerminalPosition caret() {
    return caret;
  }

  /** The lines to show in a body of {@code width} x {@code height}, scrolled to the focus. */
  public List<Line> render(int width, int height) {
    keepFocusOnAStop();
    lastHeight = height;
    List<Line> all = new ArrayList<>();
    int focusFrom = 0;
    int focusTo = 0;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (!item.visible()) {
        continue;
      }
      if (i == focusItem) {
        focusFrom = all.size();
      }
      all.addAll(item.render(width, i == focusItem ? focusStop : -1));
      if (i == focusItem) {
        focusTo = all.size();
      }
    }
    lastHeight = height;
    if (pinned) {
      // keep the scroll the user chose
    } else if (focusTo - focusFrom >= height) {
      scroll = focusFrom;
    } else if (focusTo > scroll + height) {
      scroll = focusTo - height;
    } else if (focusFrom < scroll) {
      scroll = focusFrom;
    }
    scroll = Math.max(0, Math.min(scroll, Math.max(0, all.size() - height)));
    if (!pinned && focusItem >= 0 && focusStop == 0 && focusFrom < scroll) {
      scroll = focusFrom;
    }
    List<Line> visible = all.subList(scroll, Math.min(all.size(), scroll + height));
    caret = null;
    for (int row = 0; row < visible.size(); row++) {
      if (visible.get(row).caret() >= 0) {
        caret = new TerminalPosition(visible.get(row).caret(), row);
      }
    }
    if (scroll > 0 && !visible.isEmpty()) {
      visible = new ArrayList<>(visible);
      visible.set(0, Line.of(Text.pad("", Math.max(0, width - 12)) + "(more above)"));
    }
    if (scroll + height < all.size() && !visible.isEmpty()) {
      visible = new ArrayList<>(visible);
      visible.set(visible.size() - 1, Line.of(Text.pad("", Math.max(0, width - 12)) + "(more below)"));
    }
    return visible;
  }

  /** Focus keys and the focused item's keys; false when the key is for the page. */
  public boolean key(KeyStroke k) {
    if (k.getKeyType() == KeyType.PageUp || k.getKeyType() == KeyType.PageDown) {
      int page = Math.max(1, lastHeight - 2);
      scroll = Math.max(0, scroll + (k.getKeyType() == KeyType.PageUp ? -page : page));
      pinned = true;
      return true;
    }
    pinned = false;
    keepFocusOnAStop();
    Item item = focused();
    if (item != null && item.key(k, focusStop)) {
      return true;
    }
    if (Keys.isFocusNext(k) || Keys.isEnter(k) && item instanceof TextField) {
      move(1);
      return true;
    }
    if (Keys.isFocusPrevious(k)) {
      move(-1);
      return true;
    }
    if (k.getKeyType() == KeyType.ArrowRight && item != null && focusStop + 1 < item.stops()) {
      focusStop++;
      return true;
    }
    if (k.getKeyType() == KeyType.ArrowLeft && item != null && focusStop > 0) {
      focusStop--;
      return true;
    }
    return false;
  }

  /**
   * An item that was hidden, or lost options, while it had the focus hands it on: to the same item's
   * last stop, else to the next visible item with a stop, else to the previous one.
   */
  private void keepFocusOnAStop() {
    if (focusItem < 0 || focusItem >= items.size()) {
      return;
    }
    Item item = items.get(focusItem);
    if (item.visible() && item.stops() > 0) {
      focusStop = Math.min(focusStop, item.stops() - 1);
      return;
    }
    for (int i = focusItem + 1; i < items.size(); i++) {
      if (items.get(i).visible() && items.get(i).stops() > 0) {
        focusItem = i;
        focusStop = 0;
        return;
      }
    }
    for (int i = focusItem - 1; i >= 0; i--) {
      if (items.get(i).visible() && items.get(i).stops() > 0) {
        focusItem = i;
        focusStop = 0;
        return;
      }
    }
  }

  private void move(int direction) {
    List<int[]> stops = new ArrayList<>();
    int current = -1;
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).visible()) {
        continue;
      }
      for (int s = 0; s < items.get(i).stops(); s++) {
        if (i == focusItem && s == focusStop) {
          current = stops.size();
        }
        stops.add(new int[] {i, s});
      }
    }
    if (stops.isEmpty()) {
      return;
    }
    int next = current < 0 ? 0 : Math.floorMod(current + direction, stops.size());
    focusItem = stops.get(next)[0];
    focusStop = stops.get(next)[1];
  }
}
