package io.ferry.tui;

import io.ferry.installer.cli.FerryCommand;

/** The {@code ferry} launcher's entry point: the installer CLI (the wizard joins it as a subcommand). */
public final class FerryMain {
  private FerryMain() {}

  public static void main(String[] args) {
    int code;
    try {
      code = FerryCommand.commandLine().execute(args);
    } catch (Throwable t) {
      // Errors (e.g. a broken installation) bypass picocli's handler; still one line, no trace.
      System.err.println("internal error: " + t + " (report this; FERRY_JAVA_OPTS=-Dferry.trace=true shows details)");
      if (Boolean.getBoolean("ferry.trace")) {
        t.printStackTrace();
      }
      code = 1;
    }
    System.exit(code);
  }
}
