package io.ferry.installer.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.DockerUnavailableException;
import io.ferry.installer.docker.LocalImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One compose project (name, directory, compose file, env file, profiles) and the compose commands
 * Ferry runs on it. Every command is a separate compose process with a deadline; the host's
 * {@code COMPOSE_*} variables and its copies of the env file's variables are removed from that
 * process's environment, so what runs is exactly what the command line and the env file say.
 *
 * <p>Images are never pulled and never built: before {@link #up} and {@link #run} the project's
 * images are checked against the engine, because docker-compose v1 would otherwise pull a missing
 * one (it has no {@code --pull never}); v2 also gets {@code --pull never}.
 *
 * <p>Immutable, apart from a cache of what {@code config} said, keyed by the digest of the compose
 * and env files, so the services and images are not resolved by a new compose process for every
 * command. Thread-safe, but running two commands on the same project at once is as unwise as
 * typing them in two shells.
 */
public final class ComposeProject {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration CONFIG_TIMEOUT = Duration.ofMinutes(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ComposeCli cli;
  private final String name;
  private final Path dir;
  private final Path file;
  private final Path envFile;
  private final List<String> profiles;
  private final ComposeArgs args;
  private final Duration timeout;
  private final DockerClient docker;
  private final Map<String, String> parentEnv;
  /** The last model read and the digest of the files it was read from: saves a compose start per command. */
  private final AtomicReference<CachedModel> cached = new AtomicReference<>();

  private record CachedModel(String inputs, ComposeModel model) {}

  ComposeProject(ComposeCli cli, String name, Path dir, Path file, Path envFile, List<String> profiles) {
    this(cli, name, dir, file, envFile, profiles, DEFAULT_TIMEOUT, null, System.getenv());
  }

  private ComposeProject(ComposeCli cli, String name, Path dir, Path file, Path envFile, List<String> profiles,
      Duration timeout, DockerClient docker, Map<String, String> parentEnv) {
    this.cli = cli;
    this.name = name;
    this.dir = dir;
    this.file = file;
    this.envFile = envFile;
    this.profiles = List.copyOf(profiles);
    this.args = new ComposeArgs(cli, name, dir, file, envFile);
    this.timeout = timeout;
    this.docker = docker;
    this.parentEnv = Map.copyOf(parentEnv);
  }

  /**
   * The same project, checking images with this client instead of opening a connection to the
   * engine for each check.
   */
  public ComposeProject withDocker(DockerClient client) {
    return new ComposeProject(cli, name, dir, file, envFile, profiles, timeout, client, parentEnv);
  }

  /** The same project with another deadline for up, stop and down (default 15 minutes). */
  public ComposeProject withTimeout(Duration commandTimeout) {
    return new ComposeProject(cli, name, dir, file, envFile, profiles, commandTimeout, docker, parentEnv);
  }

  /** The same project as if Ferry had been started with this environment (tests). */
  ComposeProject withParentEnvironment(Map<String, String> env) {
    return new ComposeProject(cli, name, dir, file, envFile, profiles, timeout, docker, env);
  }

  public String name() {
    return name;
  }

  public List<String> profiles() {
    return profiles;
  }

  public ComposeCli cli() {
    return cli;
  }

  ComposeArgs args() {
    return args;
  }

  /**
   * Creates and starts the services in the background ({@code up --detach --no-build
   * --remove-orphans}); a container whose image and configuration are unchanged is left running.
   *
   * @param services the services to start (and what they depend on); empty for every service the
   *     profiles enable
   * @throws ComposeException if a service is unknown, an image is not on this host, or compose fails
   */
  public void up(List<String> services) throws ComposeException {
    ComposeModel model = model();
    requireKnown(model, services);
    Collection<String> targets = services.isEmpty() ? model.enabled(profiles) : model.withDependencies(services);
    requireImages(model, targets);
    ComposeArgs.Invocation inv = args.up(profiles, services);
    check(inv, exec(inv, timeout, true), timeout);
  }

  /**
   * Runs a one-shot command in a new container of {@code service} ({@code run --rm --no-deps -T}),
   * for migrations. The container is removed afterwards, also when the deadline passes.
   *
   * @return its output (stdout and stderr, with compose's own lines) and exit code 0
   * @throws ComposeException if the command exits non-zero (the message ends with its last lines),
   *     does not finish within {@code timeout}, or cannot be started
   */
  public CommandResult run(String service, List<String> command, Duration timeout) throws ComposeException {
    ComposeModel model = model();
    requireKnown(model, List.of(service));
    requireImages(model, List.of(service));
    String container = name + "_" + service + "_ferry_" + HexFormat.of().formatHex(randomBytes());
    ComposeArgs.Invocation inv = args.run(profiles, service, container, command);
    ComposeProcess.Outcome o;
    try {
      o = exec(inv, timeout, true);
    } catch (ComposeException e) {
      if (Thread.currentThread().isInterrupted()) {
        removeContainer(container);
      }
      throw e;
    }
    if (o.timedOut()) {
      // Killing compose leaves the container running: remove it, or it would finish the migration unseen.
      String removed = removeContainer(container);
      throw failure("'" + inv.describe(cli) + "' in project " + name + " did not finish within " + human(timeout)
          + " and was stopped" + removed, o);
    }
    if (o.exitCode() != 0) {
      throw failure("'" + inv.describe(cli) + "' in project " + name + " exited with code " + o.exitCode(), o);
    }
    return new CommandResult(o.exitCode(), o.output());
  }

  /** Stops every container of the project, keeping containers, networks and volumes. */
  public void stop() throws ComposeException {
    ComposeArgs.Invocation inv = args.stop(allProfiles());
    check(inv, exec(inv, timeout, true), timeout);
  }

  /**
   * Stops and removes every container and network of the project, whatever profile started it,
   * and also its named volumes if {@code removeVolumes}.
   */
  public void down(boolean removeVolumes) throws ComposeException {
    ComposeArgs.Invocation inv = args.down(allProfiles(), removeVolumes);
    check(inv, exec(inv, timeout, true), timeout);
  }

  /**
   * The services the profiles enable, as compose reads the file (interpolated with the env file),
   * sorted by name as {@code config --services} prints them.
   */
  public List<String> configuredServices() throws ComposeException {
    List<String> enabled = new ArrayList<>(model().enabled(profiles));
    enabled.sort(null);
    return enabled;
  }

  /**
   * The project as compose resolves it. {@code config} runs with every profile the file names,
   * because v2 leaves disabled services out of it and v1 does not: Ferry filters by profile itself.
   */
  ComposeModel model() throws ComposeException {
    String inputs = inputsDigest();
    CachedModel c = cached.get();
    if (c != null && inputs != null && inputs.equals(c.inputs())) {
      return c.model();
    }
    ComposeModel model = readModel();
    if (inputs != null) {
      cached.set(new CachedModel(inputs, model));
    }
    return model;
  }

  /**
   * What the model depends on besides this object's own fixed fields and environment: the bytes of
   * the compose file and the env file. Null if they cannot be read (then nothing is cached).
   */
  private String inputsDigest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(file));
      sha.update((byte) 0);
      if (envFile != null && Files.isRegularFile(envFile)) {
        sha.update(Files.readAllBytes(envFile));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      return null;
    }
  }

  private ComposeModel readModel() throws ComposeException {
    ComposeArgs.Invocation inv = args.config(allProfiles());
    ComposeProcess.Outcome o = exec(inv, CONFIG_TIMEOUT, false);
    check(inv, o, CONFIG_TIMEOUT);
    try {
      return ComposeModel.parse(o.output());
    } catch (RuntimeException e) {
      throw new ComposeException("could not read what '" + inv.describe(cli) + "' printed for project " + name
          + ": " + e.getMessage(), o.exitCode(), OutputTail.block(o.output(), OutputTail.LINES), e);
    }
  }

  /**
   * The configured profiles and every profile the compose file names, so that stop and down reach
   * containers a profile started even when that profile is no longer enabled (v1 and v2 differ here).
   */
  Set<String> allProfiles() {
    Set<String> all = new TreeSet<>(profiles);
    try {
      all.addAll(ComposeModel.parse(Files.readString(file)).allProfiles());
    } catch (IOException | RuntimeException e) {
      // compose itself will say what is wrong with the file
    }
    return all;
  }

  private void requireKnown(ComposeModel model, Collection<String> services) throws ComposeException {
    List<String> unknown = new ArrayList<>();
    for (String s : services) {
      if (!model.services().containsKey(s)) {
        unknown.add(s);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ComposeException("no service " + String.join(", ", unknown) + " in " + file + " (project " + name
          + " has: " + String.join(", ", model.services().keySet()) + ")");
    }
  }

  private void requireImages(ComposeModel model, Collection<String> services) throws ComposeException {
    Map<String, List<String>> byImage = new LinkedHashMap<>();
    for (String s : services) {
      ComposeModel.Service svc = model.services().get(s);
      if (svc != null && svc.image() != null) {
        byImage.computeIfAbsent(svc.image(), k -> new ArrayList<>()).add(s);
      }
    }
    if (byImage.isEmpty()) {
      return;
    }
    Set<String> missing = new LinkedHashSet<>();
    withEngine(client -> {
      for (String image : byImage.keySet()) {
        if (!LocalImages.present(client, image)) {
          missing.add(image);
        }
      }
    });
    if (!missing.isEmpty()) {
      List<String> named = new ArrayList<>();
      missing.forEach(i -> named.add(i + " (" + String.join(", ", byImage.get(i)) + ")"));
      throw new ComposeException("image" + (missing.size() == 1 ? " " : "s ") + String.join(", ", named)
          + " not on this host; Ferry never pulls images: load them from the bundle first (ferry deploy does)");
    }
  }

  private String removeContainer(String container) {
    try {
      withEngine(client -> {
        try {
          client.removeContainerCmd(container).withForce(true).exec();
        } catch (NotFoundException gone) {
          // compose had not created it yet, or --rm already removed it
        }
      });
      return "; its container " + container + " was removed";
    } catch (ComposeException | RuntimeException e) {
      return "; its container " + container + " may still be running: docker rm -f " + container;
    }
  }

  @FunctionalInterface
  private interface EngineWork {
    void accept(DockerClient client);
  }

  private void withEngine(EngineWork work) throws ComposeException {
    try {
      if (docker != null) {
        work.accept(docker);
        return;
      }
      try (DockerEngine engine = DockerEngine.open()) {
        work.accept(engine.client());
      } catch (IOException closing) {
        // the work is done; a failed close of the connection pool changes nothing
      }
    } catch (DockerUnavailableException e) {
      throw new ComposeException(e.getMessage(), -1, "", e);
    } catch (RuntimeException e) {
      throw new ComposeException("the Docker engine failed while checking project " + name + ": "
          + DockerEngine.rootMessage(e), -1, "", e);
    }
  }

  private ComposeProcess.Outcome exec(ComposeArgs.Invocation inv, Duration deadline, boolean merge)
      throws ComposeException {
    try {
      return ComposeProcess.run(inv.args(), environment(), dir, deadline, merge);
    } catch (IOException e) {
      throw new ComposeException("could not start '" + inv.describe(cli) + "' (" + e.getMessage()
          + "); check that " + cli.description() + " is still installed", -1, "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComposeException("interrupted while running '" + inv.describe(cli) + "' in project " + name
          + "; compose was stopped: run the same Ferry command again to finish", -1, "", e);
    }
  }

  private void check(ComposeArgs.Invocation inv, ComposeProcess.Outcome o, Duration deadline)
      throws ComposeException {
    if (o.timedOut()) {
      throw failure("'" + inv.describe(cli) + "' in project " + name + " did not finish within "
          + human(deadline) + " and was stopped", o);
    }
    if (o.exitCode() != 0) {
      throw failure("'" + inv.describe(cli) + "' in project " + name + " failed with exit code " + o.exitCode(), o);
    }
  }

  private static ComposeException failure(String what, ComposeProcess.Outcome o) {
    String tail = OutputTail.block(o.all(), OutputTail.LINES);
    String message = tail.isEmpty() ? what + " without output" : what + "; compose said:\n" + tail;
    return new ComposeException(message, o.timedOut() ? -1 : o.exitCode(), tail, null);
  }

  Map<String, String> environment() {
    return ComposeProcess.environment(parentEnv, envFileKeys(envFile));
  }

  /** The variable names an env file sets ({@code KEY=value} lines; {@code export KEY=…} too). */
  static Set<String> envFileKeys(Path envFile) {
    Set<String> keys = new TreeSet<>();
    if (envFile == null || !Files.isRegularFile(envFile)) {
      return keys;
    }
    try {
      for (String line : Files.readAllLines(envFile)) {
        String l = line.strip();
        if (l.startsWith("export ")) {
          l = l.substring("export ".length()).strip();
        }
        int eq = l.indexOf('=');
        if (!l.startsWith("#") && eq > 0) {
          keys.add(l.substring(0, eq).strip());
        }
      }
    } catch (IOException e) {
      // compose will report the unreadable file
    }
    return keys;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return b;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s >= 7200 && s % 3600 == 0) {
      return s / 3600 + " h";
    }
    return s >= 120 && s % 60 == 0 ? s / 60 + " min" : s + " s";
  }

  @Override
  public String toString() {
    return "compose project " + name + " (" + file + (profiles.isEmpty() ? "" : ", profiles " + profiles) + ")";
  }
}
