package io.ferry.installer.preflight;

import io.ferry.installer.compose.ComposeUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A host made of plain fields, for the checks' unit tests. */
final class FakeHost implements HostProbe {
  static final long GIB = 1024L * 1024 * 1024;

  EngineFacts engine = new EngineFacts("unix:///var/run/docker.sock", "20.10.24+dfsg1", "1.41",
      Path.of("/var/lib/docker"), null);
  String compose = "docker-compose 1.29.2";
  String composeProblem;
  Map<Path, DiskSpace> disks = new HashMap<>();
  DiskSpace anyDisk;
  IOException diskProblem;
  OptionalLong memory = OptionalLong.of(24 * GIB);
  int cpus = 8;
  /** "address:port" → the bind error. */
  Map<String, String> bindProblems = new HashMap<>();
  List<PublishedPort> published = new ArrayList<>();
  Set<Path> files = new HashSet<>();
  List<String> calls = new ArrayList<>();

  @Override
  public EngineFacts engine() {
    return engine;
  }

  @Override
  public String compose() throws ComposeUnavailableException {
    if (composeProblem != null) {
      throw new ComposeUnavailableException(composeProblem);
    }
    return compose;
  }

  @Override
  public DiskSpace disk(Path path) throws IOException {
    calls.add("disk " + path);
    if (diskProblem != null) {
      throw diskProblem;
    }
    DiskSpace d = disks.get(path);
    if (d != null) {
      return d;
    }
    return anyDisk != null ? anyDisk : new DiskSpace(path, 100 * GIB, true);
  }

  @Override
  public OptionalLong memoryBytes() {
    return memory;
  }

  @Override
  public int cpus() {
    return cpus;
  }

  @Override
  public Optional<String> bindProblem(String address, int port) {
    calls.add("bind " + address + ":" + port);
    return Optional.ofNullable(bindProblems.get(address + ":" + port));
  }

  @Override
  public List<PublishedPort> publishedPorts() {
    calls.add("published");
    return published;
  }

  @Override
  public boolean exists(Path file) {
    return files.contains(file);
  }
}
