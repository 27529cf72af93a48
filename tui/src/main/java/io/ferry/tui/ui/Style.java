package io.ferry.tui.ui;

/**
 * How a piece of text looks. The wizard keeps the terminal's own colours (readable on dark and
 * light backgrounds alike) and adds bold, reverse video for what has the focus, and ONE accent
 * colour for problems.
 */
public enum Style {
  NORMAL,
  BOLD,
  /** What the keyboard acts on: reverse video. */
  FOCUS,
  /** A problem: a failed check, a validation message. */
  ACCENT
}
