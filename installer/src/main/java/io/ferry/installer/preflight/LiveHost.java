package io.ferry.installer.preflight;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeUnavailableException;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.DockerUnavailableException;
import io.ferry.installer.docker.ProjectContainers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This host, for real: the Docker engine through docker-java, the compose tool found on PATH,
 * {@code /proc/meminfo}, the file systems and the TCP ports. Engine facts are fetched once. Not
 * thread-safe.
 */
public final class LiveHost implements HostProbe, AutoCloseable {
  private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s*kB");
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private final DockerEngine engine;
  private final String engineProblem;
  private final String engineHost;
  private final ComposeCli compose;
  private final ComposeUnavailableException composeProblem;
  private final boolean ownsEngine;
  private EngineFacts facts;

  private LiveHost(DockerEngine engine, String engineHost, String engineProblem, ComposeCli compose,
      ComposeUnavailableException composeProblem, boolean ownsEngine) {
    this.engine = engine;
    this.engineHost = engineHost;
    this.engineProblem = engineProblem;
    this.compose = compose;
    this.composeProblem = composeProblem;
    this.ownsEngine = ownsEngine;
  }

  /** The host with an engine and compose already opened by the caller (who closes the engine). */
  public static LiveHost of(DockerEngine engine, ComposeCli compose) {
    return new LiveHost(engine, engine.host(), null, compose, null, false);
  }

  /**
   * Opens the engine and finds compose, remembering why when either is missing, so that preflight
   * can report it next to every other check. {@link #close()} closes the engine.
   */
  public static LiveHost detect() {
    DockerEngine engine = null;
    String problem = null;
    String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    try {
      engine = DockerEngine.open();
      host = engine.host();
    } catch (DockerUnavailableException e) {
      problem = e.getMessage();
    }
    ComposeCli compose = null;
    ComposeUnavailableException composeProblem = null;
    try {
      compose = ComposeCli.detect();
    } catch (ComposeUnavailableException e) {
      composeProblem = e;
    }
    return new LiveHost(engine, host, problem, compose, composeProblem, true);
  }

  /** A host whose engine does not answer (for {@code problem}) and without compose: what a bare host shows. */
  static LiveHost offline(String engineHost, String problem) {
    return new LiveHost(null, engineHost, problem, null, new ComposeUnavailableException("no Docker Compose found;"
        + " install Docker Compose"), true);
  }

  /** The engine, when it answered. */
  public Optional<DockerEngine> dockerEngine() {
    return Optional.ofNullable(engine);
  }

  /** The compose tool, when one was found. */
  public Optional<ComposeCli> composeCli() {
    return Optional.ofNullable(compose);
  }

  @Override
  public EngineFacts engine() {
    if (facts == null) {
      facts = askEngine();
    }
    return facts;
  }

  private EngineFacts askEngine() {
    if (engine == null) {
      return EngineFacts.unreachable(engineHost, engineProblem);
    }
    try {
      Version v = engine.version();
      Info info = engine.client().infoCmd().exec();
      String root = info.getDockerRootDir();
      return new EngineFacts(engineHost, v.getVersion(), v.getApiVersion(), root == null ? null : Path.of(root), null);
    } catch (RuntimeException e) {
      return EngineFacts.unreachable(engineHost, "the Docker engine at " + engineHost + " stopped answering ("
          + DockerEngine.rootMessage(e) + "); start it ('systemctl start docker', or 'dockerd &')");
    }
  }

  @Override
  public String compose() throws ComposeUnavailableException {
    if (compose == null) {
      throw composeProblem;
    }
    return compose.description();
  }

  @Override
  public DiskSpace disk(Path path) throws IOException {
    Path folder = path.toAbsolutePath().normalize();
    while (folder != null && !Files.exists(folder)) {
      folder = folder.getParent();
    }
    if (folder == null) {
      throw new IOException("no part of " + path + " exists");
    }
    FileStore store = Files.getFileStore(folder);
    return new DiskSpace(folder, store.getUsableSpace(), Files.isDirectory(folder) && Files.isWritable(folder));
  }

  @Override
  public OptionalLong memoryBytes() {
    try {
      return parseMemTotal(Files.readString(MEMINFO));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  static OptionalLong parseMemTotal(String meminfo) {
    Matcher m = MEM_TOTAL.matcher(meminfo);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
  }

  @Override
  public int cpus() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public Optional<String> bindProblem(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Like the engine's proxy: a port in TIME_WAIT after a stopped container is free to bind.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  @Override
  public List<PublishedPort> publishedPorts() {
    if (engine == null) {
      return List.of();
    }
    List<PublishedPort> ports = new ArrayList<>();
    try {
      DockerClient client = engine.client();
      for (Container c : client.listContainersCmd().exec()) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        String name = c.getNames() == null || c.getNames().length == 0 ? c.getId().substring(0, 12)
            : c.getNames()[0].replaceFirst("^/", "");
        for (ContainerPort p : c.getPorts() == null ? new ContainerPort[0] : c.getPorts()) {
          if (p.getPublicPort() != null && !"udp".equalsIgnoreCase(p.getType())) {
            ports.add(new PublishedPort(labels.getOrDefault(ProjectContainers.PROJECT_LABEL, ""),
                labels.getOrDefault(ProjectContainers.SERVICE_LABEL, ""), name,
                p.getIp() == null ? "0.0.0.0" : p.getIp(), p.getPublicPort()));
          }
        }
      }
    } catch (RuntimeException e) {
      // The engine stopped answering: the engine check says so; here we only lose the owners' names.
      return List.of();
    }
    return ports;
  }

  @Override
  public boolean exists(Path file) {
    return Files.exists(file);
  }

  @Override
  public void close() throws IOException {
    if (ownsEngine && engine != null) {
      engine.close();
    }
  }
}
