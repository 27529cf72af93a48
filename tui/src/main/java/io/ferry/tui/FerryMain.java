package io.ferry.tui;

import io.ferry.installer.cli.FerryCommand;
import io.ferry.tui.app.WizardCommand;
import picocli.CommandLine;

/**
 * The {@code ferry} launcher's entry point: the installer CLI plus the text wizard as its
 * {@code wizard} subcommand. {@code ferry} with no arguments opens the wizard (which, without a
 * terminal, says which headless commands to use instead).
 */
public final class FerryMain {
  private FerryMain() {}

  /** The installer's command line with the wizard added (the installer cannot depend on the tui). */
  public static CommandLine commandLine() {
    CommandLine cli = FerryCommand.commandLine();
    cli.addSubcommand("wizard", new WizardCommand());
    CommandLine wizard = cli.getSubcommands().get("wizard");
    wizard.setExecutionExceptionHandler(cli.getExecutionExceptionHandler());
    wizard.setParameterExceptionHandler(cli.getParameterExceptionHandler());
    return cli;
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args.length == 0 ? new String[] {"wizard"} : args);
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
