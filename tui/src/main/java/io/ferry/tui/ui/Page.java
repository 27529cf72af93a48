package io.ferry.tui.ui;

import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/**
 * One screen of the wizard. The frame around it (title, explanation, key hints) is drawn by the
 * wizard; the page gives the body's lines and handles the keys its form does not. Pages never call
 * the installer themselves on the UI thread when it may take time: they ask the wizard to run it in
 * the background. Used on the UI thread only.
 */
public interface Page {
  /** "Bundle": shown in the title bar with the step number. */
  String title();

  /** One line that says what this screen is for. */
  String explanation();

  /** Called each time the page is shown. */
  default void enter() {}

  /** The page's body. */
  Form form();

  /** The keys to show at the bottom, e.g. "Tab move", "Enter choose". */
  List<String> hints();

  /** True when the page sees keys before its form (a page with its own scrolling pane). */
  default boolean keysFirst() {
    return false;
  }

  /** A key the form did not handle; false to let the wizard handle it (Ctrl-C). */
  boolean key(KeyStroke k);
}
