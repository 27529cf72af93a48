package io.ferry.installer.cli;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.DockerEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "plan",
    description = {
        "Shows what 'ferry deploy' would do on THIS host, and changes nothing.",
        "",
        "It checks the bundle's signature, then compares the release and your configuration with what the"
            + " host runs: which images are missing, whether data exists, which containers would be created"
            + " or replaced."},
    mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BundleOptions options;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (DockerEngine engine = Installers.engine()) {
      OpenedBundle bundle = OpenedBundle.open(options.bundle, options.trustStore(), ProgressListener.NONE);
      DeployPlan plan = Installers.deployer(engine, ProgressListener.NONE)
          .withBackupShares(Installers.shares(options.json)).plan(bundle, options.customerConfig());
      if (options.json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("stack", plan.bundle().manifest().stack());
        r.put("release", plan.bundle().manifest().release());
        r.put("nothingToDo", plan.nothingToDo());
        r.put("imagesToLoad", plan.images().missingImages().size());
        r.put("bytesToLoad", plan.images().bytesToLoad());
        r.put("bytesNotRead", plan.bytesNotRead());
        r.put("data", plan.data().name());
        if (plan.backup() != null) {
          r.put("backup", Map.of("repository", plan.backup().repository(), "snapshot", plan.backup().name(),
              "release", plan.backup().snapshot().release(), "time", plan.backup().snapshot().time().toString()));
        }
        r.put("services", plan.services());
        r.put("steps", plan.describe());
        JsonEvents.print(out, "result", r);
      } else {
        plan.describe().forEach(out::println);
        out.flush();
      }
      return 0;
    } catch (DeployException e) {
      throw Installers.failure(e);
    }
  }
}
