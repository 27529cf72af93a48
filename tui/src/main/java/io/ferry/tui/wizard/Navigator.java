package io.ferry.tui.wizard;

/** What a page may ask of the wizard around it: move between screens, run work, end the wizard. */
public interface Navigator {
  void next();

  void back();

  void show(Step step);

  /** Ends the wizard with {@code exitCode}; {@code message} is printed once the screen is restored. */
  void finish(int exitCode, String message);

  Tasks tasks();

  WizardLog log();
}
