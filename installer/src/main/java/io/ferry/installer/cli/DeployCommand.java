package io.ferry.installer.cli;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.deploy.DeployResult;
import io.ferry.installer.deploy.Deployer;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.DockerEngine;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "deploy",
    description = {
        "Installs or updates the stack: converges this host to the bundle, your configuration and data.",
        "",
        "One process for a new install, an update, a migration and disaster recovery.",
        "Steps: verify the bundle's signature and every entry this host uses (nothing changes before that passes;"
            + " --verify-all reads the layers the engine already holds too), load the missing images,"
            + " write the compose project, restore data into an empty stack, start with docker compose, run the"
            + " release's migrations, wait until healthy, record the deployment.",
        "Before anything changes it runs the checks of 'ferry preflight': a FAIL stops it (exit code 5) with the"
            + " fix; warnings are shown and do not.",
        "Every step can be re-run: after a failure, a crash or Ctrl-C, run the same command again to finish.",
        ""},
    mixinStandardHelpOptions = true)
final class DeployCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BundleOptions options;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (for automation).")
  boolean yes;

  @Option(names = "--replace-data", description = "DISCARD the stack's data on this host (its volumes and database)"
      + " and restore it anew from the data source: the configuration's backup, or the vanilla data. Without it, data"
      + " already on the host is never replaced.")
  boolean replaceData;

  @Option(names = "--verify-all", description = "Also read and hash the layers the Docker engine already holds, as"
      + " 'ferry verify' does. Without it they are checked by name and size only: this host uses none of their bytes,"
      + " and an update takes time in proportion to what changed, not to the bundle's size.")
  boolean verifyAll;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ProgressListener progress = options.progress(out);
    try (DockerEngine engine = Installers.engine()) {
      OpenedBundle bundle = OpenedBundle.open(options.bundle, options.trustStore(), ProgressListener.NONE);
      ComposeCli compose = Installers.compose();
      var deployer = new Deployer(engine, compose, progress, Clock.systemUTC()).withBackupShares(
          Installers.shares(options.json)).replacingData(replaceData).verifyingEveryEntry(verifyAll);
      DeployPlan plan = deployer.plan(bundle, options.customerConfig());
      if (!options.json) {
        plan.describe().forEach(out::println);
        out.flush();
      }
      if (!plan.nothingToDo()) {
        // Before anything changes: a FAIL stops here (exit 5) with its fix; warnings are shown and do not.
        PreflightCommand.beforeDeploy(plan, engine, compose, out, options.json);
      }
      if (!plan.nothingToDo() && !yes && !confirm()) {
        throw new CommandFailure("deployment declined; nothing was changed", ExitCode.DECLINED, null);
      }
      Thread interrupted = new Thread(() -> System.err.println(
          "\ninterrupted: nothing is lost; run the same 'ferry deploy' again to finish"));
      Runtime.getRuntime().addShutdownHook(interrupted);
      DeployResult result;
      try {
        result = deployer.deploy(plan, options.trustStore());
      } finally {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      }
      var m = plan.bundle().manifest();
      if (options.json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("stack", m.stack());
        r.put("release", m.release());
        r.put("changed", result.changed());
        r.put("url", result.url());
        r.put("seconds", result.took().toSeconds());
        ((JsonEvents) progress).result(r);
      } else {
        out.printf("%s%s %s is running and healthy%s%n", result.changed() ? "" : "nothing to do: ", m.stack(),
            m.release(), result.url() == null ? "" : ": " + result.url());
        out.flush();
      }
      return 0;
    } catch (DeployException e) {
      throw Installers.failure(e);
    }
  }

  private static boolean confirm() {
    Console console = System.console();
    if (console == null) {
      throw new CommandFailure("no terminal to confirm on: add --yes to deploy without a prompt", ExitCode.USAGE, null);
    }
    String answer = console.readLine("Deploy? [y/N] ");
    return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
  }
}
