package io.ferry.installer.compose;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compose command-line tool installed on this host: {@code docker compose} (the v2 plugin) when
 * the docker CLI has it, else {@code docker-compose}, which is v1 (1.29.2 on Debian 12) or a
 * standalone v2. Whether v1 or v2 flags are used follows the version it reports, not its name.
 * Immutable and thread-safe.
 */
public final class ComposeCli {
  /** v1 before 1.28 has no --profile and no --ansi. */
  static final int[] MIN_V1 = {1, 28};
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
  private static final Pattern FLAG = Pattern.compile("--([a-z][a-z0-9-]*)");
  private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  // docker-compose 1.28/1.29: known flags, so detection costs one python start, not three.
  private static final Set<String> V1_UP = Set.of("detach", "no-build", "remove-orphans");
  private static final Set<String> V1_RUN = Set.of("rm", "no-deps", "name");
  private static final String INSTALL_HINT = "install Docker Compose: on Debian 12 'apt-get install docker-compose'"
      + " (docker-compose 1.29), or the compose plugin (package docker-compose-plugin from Docker's repository)";

  private final List<String> executable;
  private final String commandName;
  private final String version;
  private final boolean v2;
  private final Set<String> upFlags;
  private final Set<String> runFlags;

  ComposeCli(List<String> executable, String commandName, String version, boolean v2, Set<String> upFlags,
      Set<String> runFlags) {
    this.executable = List.copyOf(executable);
    this.commandName = commandName;
    this.version = version;
    this.v2 = v2;
    this.upFlags = Set.copyOf(upFlags);
    this.runFlags = Set.copyOf(runFlags);
  }

  /** docker-compose 1.28+ at {@code path}, for tests. */
  static ComposeCli v1(String path, String version) {
    return new ComposeCli(List.of(path), "docker-compose", version, false, V1_UP, V1_RUN);
  }

  /** The v2 plugin behind the docker CLI at {@code dockerPath}, with the flags its help lists. */
  static ComposeCli v2Plugin(String dockerPath, String version, Set<String> upFlags, Set<String> runFlags) {
    return new ComposeCli(List.of(dockerPath, "compose"), "docker compose", version, true, upFlags, runFlags);
  }

  /**
   * Finds the compose tool on PATH: {@code docker compose} if {@code docker compose version} works,
   * else {@code docker-compose}.
   *
   * @throws ComposeUnavailableException naming what was tried and what to install
   */
  public static ComposeCli detect() throws ComposeUnavailableException {
    return detect(System.getenv());
  }

  /** {@link #detect()} as if Ferry had been started with this environment (its PATH is searched). */
  static ComposeCli detect(Map<String, String> parentEnv) throws ComposeUnavailableException {
    Map<String, String> env = ComposeProcess.environment(parentEnv, Set.of());
    List<String> tried = new ArrayList<>();
    Path docker = onPath("docker", env.get("PATH"));
    if (docker != null) {
      List<String> exe = List.of(docker.toString(), "compose");
      ComposeProcess.Outcome o = probe(exe, List.of("version", "--short"), env);
      String version = o.exitCode() == 0 ? parseVersion(o.all()) : null;
      if (version != null) {
        return new ComposeCli(exe, "docker compose", version, true, flags(exe, "up", env), flags(exe, "run", env));
      }
      tried.add("'docker compose' (" + firstLine(o) + ")");
    } else {
      tried.add("'docker compose' (no docker CLI on PATH)");
    }
    Path standalone = onPath("docker-compose", env.get("PATH"));
    if (standalone == null) {
      tried.add("'docker-compose' (not on PATH)");
      throw new ComposeUnavailableException("no Docker Compose found: tried " + String.join(" and ", tried)
          + "; " + INSTALL_HINT);
    }
    List<String> exe = List.of(standalone.toString());
    ComposeProcess.Outcome o = probe(exe, List.of("version", "--short"), env);
    String version = o.exitCode() == 0 ? parseVersion(o.all()) : null;
    if (version == null) {
      tried.add("'" + standalone + "' (" + firstLine(o) + ")");
      throw new ComposeUnavailableException("no working Docker Compose: tried " + String.join(" and ", tried)
          + "; reinstall it: " + INSTALL_HINT);
    }
    if (major(version) >= 2) {
      return new ComposeCli(exe, "docker-compose", version, true, flags(exe, "up", env), flags(exe, "run", env));
    }
    if (!atLeast(version, MIN_V1)) {
      throw new ComposeUnavailableException("docker-compose " + version + " at " + standalone
          + " is too old: Ferry needs 1.28 or later (compose profiles); " + INSTALL_HINT);
    }
    return new ComposeCli(exe, "docker-compose", version, false, V1_UP, V1_RUN);
  }

  /** {@code docker-compose 1.29.2} or {@code docker compose v2.24.5}: what the user would type, and its version. */
  public String description() {
    return commandName + " " + (v2 ? "v" + version : version);
  }

  public boolean isV2() {
    return v2;
  }

  /** The version compose reports, without a leading v: {@code 1.29.2}. */
  public String version() {
    return version;
  }

  /**
   * A compose project as Ferry runs it.
   *
   * @param name the project name (lowercase letters, digits, '-' and '_'; the containers' label)
   * @param projectDir the directory relative paths in the compose file resolve against
   * @param composeFile the one compose file
   * @param envFile the variables the compose file is interpolated with, or null for none
   * @param profiles the compose profiles to enable
   * @throws IllegalArgumentException if the name is not one that v1 and v2 both keep as it is
   */
  public ComposeProject project(String name, Path projectDir, Path composeFile, Path envFile, List<String> profiles) {
    Objects.requireNonNull(name, "name");
    if (!PROJECT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("compose project name '" + name
          + "' must be lowercase letters, digits, '-' and '_', starting with a letter or digit");
    }
    return new ComposeProject(this, name, projectDir.toAbsolutePath().normalize(),
        composeFile.toAbsolutePath().normalize(), envFile == null ? null : envFile.toAbsolutePath().normalize(),
        profiles == null ? List.of() : profiles);
  }

  List<String> executable() {
    return executable;
  }

  String commandName() {
    return commandName;
  }

  boolean upHas(String flag) {
    return upFlags.contains(flag);
  }

  boolean runHas(String flag) {
    return runFlags.contains(flag);
  }

  @Override
  public String toString() {
    return description();
  }

  static String parseVersion(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = VERSION.matcher(text);
    if (!m.find()) {
      return null;
    }
    return m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
  }

  static int major(String version) {
    return Integer.parseInt(version.split("\\.")[0]);
  }

  static boolean atLeast(String version, int[] min) {
    String[] p = version.split("\\.");
    for (int i = 0; i < min.length; i++) {
      int v = i < p.length ? Integer.parseInt(p[i]) : 0;
      if (v != min[i]) {
        return v > min[i];
      }
    }
    return true;
  }

  /** The long flags a subcommand's --help lists. */
  static Set<String> parseFlags(String help) {
    Set<String> out = new TreeSet<>();
    Matcher m = FLAG.matcher(help);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Set<String> flags(List<String> exe, String subcommand, Map<String, String> env) {
    ComposeProcess.Outcome o = probe(exe, List.of(subcommand, "--help"), env);
    return o.exitCode() == 0 ? parseFlags(o.all()) : Set.of();
  }

  private static ComposeProcess.Outcome probe(List<String> exe, List<String> args, Map<String, String> env) {
    List<String> cmd = new ArrayList<>(exe);
    cmd.addAll(args);
    try {
      return ComposeProcess.run(cmd, env, null, PROBE_TIMEOUT, false);
    } catch (IOException e) {
      return new ComposeProcess.Outcome(-1, "", "cannot run: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ComposeProcess.Outcome(-1, "", "interrupted", false);
    }
  }

  private static String firstLine(ComposeProcess.Outcome o) {
    if (o.timedOut()) {
      return "did not answer within " + PROBE_TIMEOUT.toSeconds() + " s";
    }
    List<String> lines = OutputTail.lines(o.all(), 1_000);
    String said = lines.isEmpty() ? "no output" : lines.get(0);
    return o.exitCode() == 0 ? "unexpected answer: " + said : "exit code " + o.exitCode() + ": " + said;
  }

  static Path onPath(String command, String path) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, command);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
