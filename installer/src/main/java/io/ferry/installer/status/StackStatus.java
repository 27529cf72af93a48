package io.ferry.installer.status;

import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.config.ConfigValues;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeploymentRecord;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.deploy.StackPaths;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.ProjectContainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ferry status}: the deployed stack (its deployment record) compared with the containers
 * the engine runs for its compose project. Per service: the image the deployment put there against
 * the image the container runs, its state, health and uptime. Drift is a container running another
 * image, a missing container, an extra container of the project (one-off containers of
 * {@code compose run} aside), a stopped one, or one that is not healthy. Stateless and thread-safe.
 */
public final class StackStatus {
  /** Where Ferry keeps its stacks unless a customer configuration's state_dir says otherwise. */
  public static final Path DEFAULT_STATE_DIR = Path.of(CustomerConfig.DEFAULT_STATE_DIR);
  private static final Comparator<ContainerState> RUNNING_FIRST =
      Comparator.comparing((ContainerState c) -> !"running".equals(c.state())).thenComparing(ContainerState::name);

  private StackStatus() {}

  /** A stack deployed on this host: its record and where it lives. */
  public record Deployed(DeploymentRecord record, StackPaths paths) {
    /** The compose project of the deployment (the stack's name for records that do not say). */
    public String project() {
      return record.composeProject() != null ? record.composeProject() : record.stack();
    }
  }

  /** Finds the deployment, then compares it with the engine's containers now. */
  public static StatusReport inspect(Path stateDir, String stack, DockerClient docker, Clock clock)
      throws StatusException {
    return inspect(find(stateDir, stack), docker, clock);
  }

  /** Compares a deployment found with {@link #find} with the engine's containers now. */
  public static StatusReport inspect(Deployed deployed, DockerClient docker, Clock clock) {
    List<ContainerState> containers = ProjectContainers.list(docker, deployed.project());
    return compare(deployed.record(), containers, clock.instant());
  }

  /**
   * The deployed stack under {@code stateDir}: {@code stack} when given, else the only one there.
   *
   * @throws StatusException exit code 2 when nothing (or several stacks, and none named) is
   *     deployed there; 6 when the record cannot be read
   */
  public static Deployed find(Path stateDir, String stack) throws StatusException {
    if (stack != null) {
      Optional<String> problem = ConfigValues.stackName(stack);
      if (problem.isPresent()) {
        throw new StatusException(problem.get(), ExitCode.USAGE, null);
      }
      StackPaths paths = StackPaths.of(stateDir, stack);
      DeploymentRecord record = read(paths);
      if (record == null) {
        List<String> others = deployedStacks(stateDir);
        throw new StatusException("nothing deployed as " + stack + " under " + stateDir + "; "
            + (others.isEmpty() ? "run 'ferry deploy' first"
                : "deployed there: " + String.join(", ", others) + " (or pass --state-dir if it lives elsewhere)"),
            ExitCode.USAGE, null);
      }
      return new Deployed(record, paths);
    }
    List<String> stacks = deployedStacks(stateDir);
    if (stacks.isEmpty()) {
      throw new StatusException("nothing deployed under " + stateDir + "; run 'ferry deploy' first"
          + (stateDir.equals(DEFAULT_STATE_DIR) ? "" : " (or check --state-dir)"), ExitCode.USAGE, null);
    }
    if (stacks.size() > 1) {
      throw new StatusException(stacks.size() + " stacks are deployed under " + stateDir + " (" + String.join(", ",
          stacks) + "); name one: ferry status " + stacks.get(0), ExitCode.USAGE, null);
    }
    StackPaths paths = StackPaths.of(stateDir, stacks.get(0));
    return new Deployed(read(paths), paths);
  }

  /** The stacks with a deployment record under {@code stateDir}, by name. */
  public static List<String> deployedStacks(Path stateDir) throws StatusException {
    if (!Files.isDirectory(stateDir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(stateDir)) {
      return dirs.filter(p -> Files.isRegularFile(StackPaths.of(stateDir, p.getFileName().toString()).record()))
          .map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new StatusException("cannot list " + stateDir + " (" + e.getMessage() + "); run ferry as root",
          ExitCode.IO, e);
    }
  }

  private static DeploymentRecord read(StackPaths paths) throws StatusException {
    try {
      return DeploymentRecord.read(paths.record());
    } catch (IOException e) {
      throw new StatusException(e.getMessage(), ExitCode.IO, e);
    }
  }

  /**
   * Compares a deployment record with the project's containers: the pure heart of status.
   *
   * @param containers the project's containers (stopped ones included; one-off ones are ignored)
   * @param now for uptimes
   */
  public static StatusReport compare(DeploymentRecord record, List<ContainerState> containers, Instant now) {
    Map<String, String> desired = record.serviceImages() == null ? Map.of() : record.serviceImages();
    List<ContainerState> mine = containers.stream().filter(c -> !c.oneOff()).sorted(RUNNING_FIRST).toList();
    List<ServiceStatus> rows = new ArrayList<>();
    List<Drift> drift = new ArrayList<>();
    for (Map.Entry<String, String> e : desired.entrySet()) {
      String service = e.getKey();
      String image = e.getValue();
      List<ContainerState> of = mine.stream().filter(c -> c.service().equals(service)).toList();
      if (of.isEmpty()) {
        rows.add(new ServiceStatus(service, false, image, null, null, ServiceStatus.MISSING, null, null));
        drift.add(new Drift(Drift.Kind.MISSING, service, null, service + " has no container (it was removed)"));
        continue;
      }
      ContainerState c = of.get(0);
      rows.add(row(c, false, image));
      if (image != null && !image.equals(c.imageId())) {
        drift.add(new Drift(Drift.Kind.WRONG_IMAGE, service, c.name(), service + " runs image " + short12(c.imageId())
            + ", deployed " + short12(image)));
      }
      if (!"running".equals(c.state())) {
        drift.add(new Drift(Drift.Kind.STOPPED, service, c.name(), service + " is " + c.state()
            + " (container " + c.name() + ")"));
      } else if ("unhealthy".equals(c.health())) {
        drift.add(new Drift(Drift.Kind.UNHEALTHY, service, c.name(), service + " is unhealthy: its health check"
            + " fails (see 'docker inspect " + c.name() + "' and 'docker logs " + c.name() + "')"));
      } else if ("starting".equals(c.health())) {
        drift.add(new Drift(Drift.Kind.UNHEALTHY, service, c.name(), service + " is starting: its health check has"
            + " not passed yet"));
      }
      for (ContainerState more : of.subList(1, of.size())) {
        rows.add(row(more, true, image));
        drift.add(new Drift(Drift.Kind.EXTRA, service, more.name(), "a second container of " + service + ", "
            + more.name() + " (" + more.state() + "), is not part of the deployment"));
      }
    }
    for (ContainerState c : mine) {
      if (!desired.containsKey(c.service())) {
        rows.add(row(c, true, null));
        String service = c.service().isEmpty() ? "(no service)" : c.service();
        drift.add(new Drift(Drift.Kind.EXTRA, service, c.name(), "container " + c.name() + " (service " + service
            + ", " + c.state() + ") is not part of the deployment"));
      }
    }
    return new StatusReport(record.stack(), record.release(),
        record.composeProject() != null ? record.composeProject() : record.stack(), instant(record.deployedAt()), rows,
        drift, now);
  }

  private static ServiceStatus row(ContainerState c, boolean extra, String desiredImage) {
    return new ServiceStatus(c.service(), extra, extra ? null : desiredImage, c.name(), c.imageId(), c.state(),
        c.health(), c.startedAt());
  }

  static String short12(String id) {
    return id == null ? "none" : id.substring(0, Math.min(12, id.length()));
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
