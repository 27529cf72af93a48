package io.ferry.bundler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry-bundler}: only wires picocli; each subcommand is its own class. */
@Command(
    name = "ferry-bundler",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
        "Builds ONE signed bundle file per release of a docker-compose stack, to carry to air-gapped hosts.",
        "",
        "A release:",
        "  ferry-bundler keygen --name release --out keys/",
        "  export FERRY_KEY_PASSPHRASE=...",
        "  ferry-bundler build --stack samples/acd-demo --release 1.0.0 \\",
        "      --sign-key keys/release.sec.asc --out dist/acd-demo-1.0.0.ferry",
        "  ferry-bundler inspect dist/acd-demo-1.0.0.ferry",
        "",
        "On the customer's host: ferry verify BUNDLE --trust release.pub.asc",
        ""},
    subcommands = {KeygenCommand.class, BuildCommand.class, InspectCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success",
        "  1  internal error (run again with --stacktrace and report it)",
        "  2  usage error (wrong or missing options)",
        "  3  the stack folder cannot be bundled (compose file, stack.yaml, vanilla data)",
        "  4  the Docker engine does not answer",
        "  5  an image is missing or could not be exported",
        "  6  reading or writing a file failed (disk full, permissions)",
        "  7  the signing key cannot be used (unreadable, expired) or the key files exist already",
        "  8  wrong passphrase for the signing key",
        "  10 the file is not a readable bundle (inspect)",
        "130  interrupted"})
public final class BundlerMain {
  private BundlerMain() {}

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BundlerMain());
    cli.setExecutionExceptionHandler(new Failures.Handler());
    cli.setParameterExceptionHandler(new Failures.UsageHandler("ferry-bundler"));
    return cli;
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
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
