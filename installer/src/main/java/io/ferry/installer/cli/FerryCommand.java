package io.ferry.installer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry}, the installer's headless CLI. The text wizard adds itself as a subcommand. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = FerryCommand.Version.class,
    description = {
        "Installs and updates a vendor's docker-compose stack on an offline host from ONE signed bundle.",
        "",
        "  ferry verify BUNDLE --trust KEY        is the bundle intact and the vendor's?",
        "  ferry plan   BUNDLE --trust KEY --config customer.yaml",
        "                                         what would change on this host?",
        "  ferry deploy BUNDLE --trust KEY --config customer.yaml",
        "                                         install, update or recover",
        "  ferry status                           does the host run what was deployed?",
        "  ferry backup                           back up the data to the share now",
        "  ferry backups | check | forget         list, verify, thin out the backups",
        ""},
    subcommands = {VerifyCommand.class, PlanCommand.class, PreflightCommand.class, DeployCommand.class,
        LoadCommand.class, StatusCommand.class, BackupCommand.class, BackupsCommand.class, CheckCommand.class,
        ForgetCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n")
public final class FerryCommand {
  /** A picocli command line for the installer, with Ferry's failure handling. */
  public static CommandLine commandLine() {
    FailureHandler failures = new FailureHandler();
    CommandLine cli = new CommandLine(new FerryCommand());
    cli.getCommandSpec().usageMessage().footer(ExitCodes.HELP);
    cli.setExecutionExceptionHandler(failures);
    cli.setParameterExceptionHandler(failures);
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FerryCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ferry " + (v == null ? "dev" : v)};
    }
  }
}
