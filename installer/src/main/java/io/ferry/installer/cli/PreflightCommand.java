package io.ferry.installer.cli;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.deploy.Deployer;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.preflight.CheckResult;
import io.ferry.installer.preflight.LiveHost;
import io.ferry.installer.preflight.Preflight;
import io.ferry.installer.preflight.PreflightReport;
import io.ferry.installer.preflight.PreflightTarget;
import io.ferry.installer.preflight.PreflightText;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "preflight",
    description = {
        "Checks this host before a deployment (engine, disk, memory, ports), and changes nothing.",
        "",
        "The checks: the Docker engine and its version, docker compose, free disk for the images and data, memory"
            + " and CPUs against the sizing, that the published ports are free, the DNS name, an interrupted"
            + " restore.",
        "Each check says PASS, WARN or FAIL, and how to fix what is not PASS. 'ferry deploy' runs the same checks"
            + " and does not start while one FAILs; warnings do not stop it.",
        "Exit code 0: no check failed (warnings allowed); 5: a check failed.",
        ""},
    mixinStandardHelpOptions = true)
final class PreflightCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BundleOptions options;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    OpenedBundle bundle;
    try {
      bundle = OpenedBundle.open(options.bundle, options.trustStore(), ProgressListener.NONE);
    } catch (DeployException e) {
      throw Installers.failure(e);
    }
    CustomerConfig config = options.customerConfig();
    try (LiveHost host = LiveHost.detect()) {
      PreflightTarget target;
      if (host.dockerEngine().isPresent() && host.composeCli().isPresent()) {
        DeployPlan plan = new Deployer(host.dockerEngine().get(), host.composeCli().get(), ProgressListener.NONE,
            Clock.systemUTC()).plan(bundle, config);
        target = PreflightTarget.of(plan);
      } else {
        // Without an engine or compose nothing can be planned; preflight still checks all it can.
        target = PreflightTarget.unplanned(bundle, config, host.dockerEngine().map(DockerEngine::client).orElse(null));
      }
      PreflightReport report = Preflight.run(target, host);
      print(report, target, out, options.json, "result");
      if (!report.passed()) {
        throw failure(report, "preflight");
      }
      return ExitCode.OK;
    } catch (DeployException e) {
      throw Installers.failure(e);
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    }
  }

  /**
   * Preflight before a deployment: prints the report (a table, or a JSON event with --json) and
   * throws when a check failed, before anything changed.
   */
  static void beforeDeploy(DeployPlan plan, DockerEngine engine, ComposeCli compose, PrintWriter out, boolean json) {
    PreflightTarget target = PreflightTarget.of(plan);
    PreflightReport report = Preflight.run(target, LiveHost.of(engine, compose));
    print(report, target, out, json, "preflight");
    if (!report.passed()) {
      throw failure(report, "deploy");
    }
  }

  static void print(PreflightReport report, PreflightTarget target, PrintWriter out, boolean json, String event) {
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stack", target.stack());
      r.put("release", target.release());
      r.put("sizing", target.sizingProfile().name());
      r.putAll(report.toMap());
      JsonEvents.print(out, event, r);
      return;
    }
    out.println("preflight of " + target.stack() + " " + target.release() + " on this host (sizing "
        + target.sizingProfile().name() + "):");
    PreflightText.table(report).forEach(out::println);
    out.flush();
  }

  static CommandFailure failure(PreflightReport report, String command) {
    int n = report.failures().size();
    return new CommandFailure("preflight: " + n + (n == 1 ? " check failed (" : " checks failed (")
        + String.join(", ", report.failures().stream().map(CheckResult::check).distinct().toList()) + ")"
        + (command.equals("deploy") ? "; nothing was changed" : "") + ". Fix " + (n == 1 ? "it" : "them")
        + " as shown above and run 'ferry " + command + "' again", ExitCode.PREFLIGHT, null);
  }
}
