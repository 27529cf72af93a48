package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** The keys the wizard understands, in one place, so the hints at the bottom never lie. */
public final class Keys {
  private Keys() {}

  public static boolean isCtrlC(KeyStroke k) {
    return k.getKeyType() == KeyType.Character && k.isCtrlDown() && Character.toLowerCase(k.getCharacter()) == 'c';
  }

  public static boolean is(KeyStroke k, KeyType type) {
    return k.getKeyType() == type;
  }

  /** A plain letter (no Ctrl/Alt), case-insensitive. */
  public static boolean isLetter(KeyStroke k, char letter) {
    return k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown()
        && Character.toLowerCase(k.getCharacter()) == Character.toLowerCase(letter);
  }

  public static boolean isNext(KeyStroke k) {
    return k.getKeyType() == KeyType.F10;
  }

  public static boolean isBack(KeyStroke k) {
    return k.getKeyType() == KeyType.Escape;
  }

  public static boolean isEnter(KeyStroke k) {
    return k.getKeyType() == KeyType.Enter;
  }

  /**
   * The keys every form page shares: F10 runs {@code next}, Esc runs {@code back}, and with an
   * {@code action}, F5 runs it (a page's own action, e.g. "Test connection"). True when the key was one.
   */
  public static boolean pageKey(KeyStroke k, Runnable next, Runnable back, Runnable action) {
    Runnable run = isNext(k) ? next : isBack(k) ? back : action != null && k.getKeyType() == KeyType.F5 ? action
        : null;
    if (run != null) {
      run.run();
    }
    return run != null;
  }

  public static boolean isFocusNext(KeyStroke k) {
    return k.getKeyType() == KeyType.Tab || k.getKeyType() == KeyType.ArrowDown;
  }

  public static boolean isFocusPrevious(KeyStroke k) {
    return k.getKeyType() == KeyType.ReverseTab || k.getKeyType() == KeyType.ArrowUp;
  }
}
