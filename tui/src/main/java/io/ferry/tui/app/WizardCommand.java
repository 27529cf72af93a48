package io.ferry.tui.app;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal.CtrlCBehaviour;
import com.googlecode.lanterna.screen.TerminalScreen;
import io.ferry.installer.cli.CommandFailure;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.tui.wizard.LiveInstaller;
import io.ferry.tui.wizard.Tasks;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardMemory;
import io.ferry.tui.wizard.WizardLog;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry wizard}: the text-mode wizard, for an interactive terminal of at least 80x24. */
@Command(
    name = "wizard",
    description = {
        "Guides you through installing or updating the stack, screen by screen (also: 'ferry' with no arguments).",
        "",
        "It checks the host, verifies the bundle, asks for your settings, shows the plan and deploys after you"
            + " confirm, the same way 'ferry deploy' does. It saves your answers as a customer configuration, so"
            + " the same installation can be repeated headless: 'ferry deploy BUNDLE --config FILE --yes'.",
        "Needs an interactive terminal (80x24 or larger); keyboard only, the keys are shown at the bottom.",
        ""},
    mixinStandardHelpOptions = true)
public final class WizardCommand implements Callable<Integer> {
  static final String HEADLESS = String.join("\n",
      "Use the headless commands instead:",
      "  ferry verify BUNDLE --trust KEY",
      "  ferry plan   BUNDLE --trust KEY --config customer.yaml",
      "  ferry deploy BUNDLE --trust KEY --config customer.yaml --yes",
      "customer.yaml is the answer file (docs/onprem/customer-config.md); 'ferry --help' lists every command.");
  static final String HEADLESS_RECOVERY = String.join("\n",
      "Recover without the wizard (customer.yaml with the backup section and data: {source: backup}):",
      "  ferry backups --config customer.yaml          the snapshots on the share",
      "  ferry check --read-data --config customer.yaml",
      "  ferry plan   BUNDLE --trust KEY --config customer.yaml",
      "  ferry deploy BUNDLE --trust KEY --config customer.yaml --yes",
      "data.snapshot names one snapshot; without it the newest that verifies is restored (docs/onprem/install.md).");

  @Spec CommandSpec spec;

  @Option(names = "--trust", paramLabel = "KEYS",
      description = "Trusted release key(s): a public key file or a folder of them (default: /etc/ferry/trusted-keys).")
  Path trust;

  @Option(names = "--config", paramLabel = "FILE", description = "An answer file (customer.yaml) to start from.")
  Path config;

  @Option(names = "--answers", paramLabel = "FILE",
      description = "Where to save the answers (default: /etc/ferry/STACK.yaml if writable, else next to the bundle).")
  Path answers;

  @Option(names = "--bundle", paramLabel = "BUNDLE", description = "The bundle to preselect.")
  Path bundle;

  @Option(names = "--recover", description = "Disaster recovery, for support staff: the backup share first, then"
      + " the snapshot to restore (checked by reading it back), then the bundle that matches it.")
  boolean recover;

  /** Why this is no terminal for the wizard, or null when it is one. */
  static String whyNoTerminal(boolean console, String term) {
    if (!console) {
      return "ferry wizard needs an interactive terminal, and standard input or output is not one";
    }
    if (term == null || term.isBlank() || term.equals("dumb")) {
      return "ferry wizard needs a terminal that can draw screens, and TERM is " + (term == null || term.isBlank()
          ? "not set" : "'" + term + "'") + " (it works with xterm, linux, screen and tmux)";
    }
    return null;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String why = whyNoTerminal(System.console() != null, System.getenv("TERM"));
    if (why != null) {
      err.println(why + ".");
      err.println(recover ? HEADLESS_RECOVERY : HEADLESS);
      err.flush();
      return ExitCode.USAGE;
    }
    WizardAnswers a = new WizardAnswers();
    if (trust != null) {
      a.trust = trust.toAbsolutePath();
    }
    a.answerFile = answers == null ? null : answers.toAbsolutePath();
    a.bundlePath = bundle == null ? null : bundle.toAbsolutePath();
    a.recover = recover;
    WizardMemory.standard().recall(a);
    if (config != null) {
      try {
        a.loaded = CustomerConfig.read(config);
      } catch (ConfigException e) {
        throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
      }
    }
    int code;
    String message;
    try (LiveInstaller installer = new LiveInstaller()) {
      Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
          .setForceTextTerminal(true)
          .setUnixTerminalCtrlCBehaviour(CtrlCBehaviour.TRAP)
          .createTerminal();
      Wizard wizard = new Wizard(new TerminalScreen(terminal), installer, a, Tasks.live(), WizardLog.standard());
      code = wizard.run();
      message = wizard.exitMessage();
      terminal.close();
    }
    if (!message.isEmpty()) {
      PrintWriter out = code == 0 ? spec.commandLine().getOut() : err;
      out.println(message);
      out.flush();
    }
    return code;
  }
}
