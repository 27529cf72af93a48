package io.ferry.installer.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the argument lists of the compose commands Ferry runs, for docker-compose v1 (1.28+) and
 * docker compose v2. Pure: no process is started here, so every flag is unit-tested.
 *
 * <p>Differences that matter: v1 takes {@code --env-file} (and every other project option) only
 * before the subcommand, which v2 also accepts, so both get them there; v1's {@code up} and
 * {@code run} have no {@code --pull} and pull a missing image by themselves, which is why
 * {@link ComposeProject} checks the images first; v2 gets {@code --pull never} where its version
 * has the flag.
 */
final class ComposeArgs {
  private final ComposeCli cli;
  private final String project;
  private final Path dir;
  private final Path file;
  private final Path envFile;

  ComposeArgs(ComposeCli cli, String project, Path dir, Path file, Path envFile) {
    this.cli = cli;
    this.project = project;
    this.dir = dir;
    this.file = file;
    this.envFile = envFile;
  }

  /** A full command line and where its subcommand starts (the part worth quoting in a message). */
  record Invocation(List<String> args, int subcommandAt) {
    /** {@code docker-compose up --detach …}: the command without the long project options. */
    String describe(ComposeCli cli) {
      return cli.commandName() + " " + String.join(" ", args.subList(subcommandAt, args.size()));
    }
  }

  /** The executable and the project options, which go before the subcommand for v1 and v2 alike. */
  List<String> global(Collection<String> profiles) {
    List<String> a = new ArrayList<>(cli.executable());
    a.add("--ansi");
    a.add("never");
    a.add("-p");
    a.add(project);
    a.add("--project-directory");
    a.add(dir.toString());
    a.add("-f");
    a.add(file.toString());
    if (envFile != null) {
      a.add("--env-file");
      a.add(envFile.toString());
    }
    for (String p : profiles) {
      a.add("--profile");
      a.add(p);
    }
    return a;
  }

  Invocation up(Collection<String> profiles, Collection<String> services) {
    List<String> a = global(profiles);
    int at = a.size();
    a.add("up");
    a.add("--detach");
    if (cli.upHas("no-build")) {
      a.add("--no-build");
    }
    if (cli.isV2() && cli.upHas("pull")) {
      a.add("--pull");
      a.add("never");
    }
    a.add("--remove-orphans");
    a.addAll(services);
    return new Invocation(List.copyOf(a), at);
  }

  Invocation run(Collection<String> profiles, String service, String containerName, List<String> command) {
    List<String> a = global(profiles);
    int at = a.size();
    a.add("run");
    a.add("--rm");
    a.add("--no-deps");
    a.add("-T");
    if (containerName != null) {
      a.add("--name");
      a.add(containerName);
    }
    if (cli.isV2() && cli.runHas("pull")) {
      a.add("--pull");
      a.add("never");
    }
    a.add(service);
    a.addAll(command);
    return new Invocation(List.copyOf(a), at);
  }

  Invocation stop(Collection<String> profiles) {
    List<String> a = global(profiles);
    int at = a.size();
    a.add("stop");
    return new Invocation(List.copyOf(a), at);
  }

  Invocation down(Collection<String> profiles, boolean removeVolumes) {
    List<String> a = global(profiles);
    int at = a.size();
    a.add("down");
    a.add("--remove-orphans");
    if (removeVolumes) {
      a.add("--volumes");
    }
    return new Invocation(List.copyOf(a), at);
  }

  Invocation config(Collection<String> profiles) {
    List<String> a = global(profiles);
    int at = a.size();
    a.add("config");
    return new Invocation(List.copyOf(a), at);
  }
}
