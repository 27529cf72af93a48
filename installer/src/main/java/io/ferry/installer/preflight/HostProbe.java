package io.ferry.installer.preflight;

import io.ferry.installer.compose.ComposeUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The host as the preflight checks see it. {@link LiveHost} asks the real engine and operating
 * system; tests give fakes. Every method only looks; none changes the host.
 */
public interface HostProbe {

  /** The Docker engine: its version and data root, or why it does not answer. Never throws. */
  EngineFacts engine();

  /**
   * The compose tool Ferry would use, as the user would type it with its version, e.g.
   * {@code docker-compose 1.29.2}.
   *
   * @throws ComposeUnavailableException whose message says what was tried and what to install
   */
  String compose() throws ComposeUnavailableException;

  /**
   * The free space and writability of the file system that holds {@code path}; when the path does
   * not exist yet, of its nearest existing parent (which {@link DiskSpace#folder()} names).
   */
  DiskSpace disk(Path path) throws IOException;

  /** The host's memory (MemTotal of /proc/meminfo) in bytes, empty when it cannot be read. */
  OptionalLong memoryBytes();

  /** The CPUs this process may use. */
  int cpus();

  /**
   * Whether a TCP listener could be opened on {@code address:port} now: empty when it could (the
   * socket is closed at once), else the reason, e.g. "Address already in use".
   */
  Optional<String> bindProblem(String address, int port);

  /** The published TCP ports of every running container; empty when the engine does not answer. */
  List<PublishedPort> publishedPorts();

  /** Whether a file exists (for markers Ferry leaves on the host). */
  boolean exists(Path file);

  /**
   * The Docker engine as preflight sees it.
   *
   * @param host where Ferry looked for it (DOCKER_HOST or the default socket)
   * @param version the engine's version, e.g. 20.10.24; null when unreachable
   * @param apiVersion its API version, e.g. 1.41; null when unreachable
   * @param rootDir its data root (DockerRootDir), where images and volumes live; null when unknown
   * @param problem why the engine did not answer (with what to do), null when it answered
   */
  record EngineFacts(String host, String version, String apiVersion, Path rootDir, String problem) {
    public static EngineFacts unreachable(String host, String problem) {
      return new EngineFacts(host, null, null, null, problem);
    }

    public boolean reachable() {
      return problem == null;
    }
  }

  /**
   * The file system of a folder.
   *
   * @param folder the folder measured (the nearest existing one)
   * @param usableBytes bytes this process may still write there
   * @param writable whether this process may create files in the folder
   */
  record DiskSpace(Path folder, long usableBytes, boolean writable) {}

  /**
   * A host port a running container publishes.
   *
   * @param project the container's compose project, "" when it has none
   * @param service its compose service, "" when it has none
   * @param container its name
   * @param address the host address it listens on (0.0.0.0 or :: for all)
   * @param port the host port
   */
  record PublishedPort(String project, String service, String container, String address, int port) {}
}
