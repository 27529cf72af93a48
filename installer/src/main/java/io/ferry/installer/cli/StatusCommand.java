package io.ferry.installer.cli;

import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.status.StackStatus;
import io.ferry.installer.status.StatusException;
import io.ferry.installer.status.StatusReport;
import io.ferry.installer.status.StatusText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "status",
    description = {
        "Shows whether this host runs what was deployed, and how healthy it is.",
        "",
        "Compares the deployed stack with what runs: per service the image the deployment put there against the"
            + " image its container runs, its state, health and uptime.",
        "Drift (a container running another image, a missing, extra, stopped or unhealthy container) is listed;"
            + " 'ferry deploy' with the same bundle and configuration puts back what was deployed.",
        "Exit code 0: running as deployed and healthy; 3: drift; 2: nothing deployed.",
        ""},
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "STACK",
      description = "The stack, e.g. acd-demo; may be left out when only one stack is deployed.")
  String stack;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where Ferry keeps its stacks (the customer configuration's state_dir; default: /var/lib/ferry).")
  Path stateDir = StackStatus.DEFAULT_STATE_DIR;

  @Option(names = "--json", description = "Print the result as one JSON object: the services and the drift.")
  boolean json;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    StackStatus.Deployed deployed;
    try {
      deployed = StackStatus.find(stateDir, stack);
    } catch (StatusException e) {
      throw new CommandFailure(e.getMessage(), e.exitCode(), e.getCause());
    }
    StatusReport report;
    try (DockerEngine engine = Installers.engine()) {
      report = StackStatus.inspect(deployed, engine.client(), Clock.systemUTC());
    }
    if (json) {
      JsonEvents.print(out, "result", report.toMap());
    } else {
      Path config = deployed.paths().customerConfig();
      StatusText.lines(report, Files.exists(config) ? config : null).forEach(out::println);
      out.flush();
    }
    return report.exitCode();
  }
}
