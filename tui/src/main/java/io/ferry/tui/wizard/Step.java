package io.ferry.tui.wizard;

/** The wizard's screens, in order. */
public enum Step {
  WELCOME("Welcome"),
  BUNDLE("Bundle"),
  CONFIGURATION("Configuration"),
  DATA_SOURCE("Data source"),
  SUMMARY("Summary"),
  PROGRESS("Installing"),
  DONE("Done");

  private final String title;

  Step(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** "Step 2 of 7". */
  public String position() {
    return "Step " + (ordinal() + 1) + " of " + values().length;
  }
}
