package io.ferry.installer.data;

import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.stack.DatabaseSpec;
import io.ferry.installer.stack.StackDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backup of a running stack contains, as the stack descriptor names it: the database
 * dumped by its own tool inside its container, each data volume as a tar, and the configuration
 * the stack runs with. The streams are produced while they are read, never held in memory or in a
 * temporary file, and the dump tool runs only as fast as its stream is read. Thread-safe; the
 * streams themselves are for one reader each.
 */
public final class StackBackup {
  private final DockerEngine engine;

  public StackBackup(DockerEngine engine) {
    this.engine = engine;
  }

  /**
   * The data streams of a deployed, running stack, in the order to read them: {@code database}
   * (if the descriptor has one), then {@code volume/<name>} for each of the descriptor's data
   * volumes that the engine has (one whose service was never created, e.g. behind a disabled
   * profile, has none), then {@code config/<file name>} for each of {@code configFiles}.
   * Nothing runs until a stream is opened; open and read them one after the other.
   *
   * @param project the compose project the stack runs as
   * @param configFiles the files the running stack was rendered from, e.g. customer.yaml and .env
   *     from its folder under the state directory; each must exist
   * @throws BackupException if the project has no containers, the database service is not
   *     running, or a configuration file is missing
   */
  public List<StackStream> streams(String project, StackDescriptor descriptor, List<Path> configFiles)
      throws BackupException {
    List<ContainerState> containers;
    try {
      containers = ProjectContainers.list(engine.client(), project);
    } catch (RuntimeException e) {
      throw new BackupException("cannot list the containers of project " + project + ": "
          + DockerEngine.rootMessage(e), e);
    }
    List<ContainerState> own = containers.stream().filter(c -> !c.oneOff()).toList();
    if (own.isEmpty()) {
      throw new BackupException("project " + project + " has no containers on this engine: deploy the stack"
          + " (ferry deploy) before backing it up");
    }
    List<StackStream> streams = new ArrayList<>();
    DatabaseSpec db = descriptor.database();
    String helperImage = own.get(0).imageId();
    if (db != null) {
      ContainerState c = own.stream().filter(x -> x.service().equals(db.service()) && x.state().equals("running"))
          .findFirst().orElse(null);
      if (c == null) {
        String state = own.stream().filter(x -> x.service().equals(db.service())).map(ContainerState::state)
            .findFirst().orElse("no container");
        throw new BackupException("the database service '" + db.service() + "' of project " + project
            + " is not running (" + state + "): start the stack (ferry deploy) and back up again");
      }
      helperImage = c.imageId();
      ContainerCommand tool = new ContainerCommand(engine.client());
      String container = c.containerId();
      streams.add(new StackStream(DataFormats.DATABASE, DataFormats.SQL, () -> tool.stream(container, db.dump())));
    }
    Volumes volumes = new Volumes(engine);
    String image = helperImage;
    for (String key : descriptor.dataVolumes()) {
      String volume = Volumes.volumeName(project, key);
      try {
        if (!volumes.exists(volume)) {
          continue;
        }
      } catch (IOException e) {
        throw new BackupException(e.getMessage(), e);
      }
      streams.add(new StackStream(DataFormats.volume(key), DataFormats.TAR, () -> volumes.read(volume, image)));
    }
    for (Path file : configFiles) {
      if (!Files.isRegularFile(file)) {
        throw new BackupException(file + " is missing: a backup records the configuration the stack runs with;"
            + " deploy the stack with ferry first");
      }
      String name = file.getFileName().toString();
      streams.add(new StackStream(DataFormats.CONFIG_PREFIX + name, configFormat(name), () -> Files.newInputStream(file)));
    }
    return streams;
  }

  static String configFormat(String fileName) {
    if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
      return DataFormats.YAML;
    }
    if (fileName.endsWith(".json")) {
      return DataFormats.JSON;
    }
    if (fileName.equals(".env") || fileName.endsWith(".env")) {
      return DataFormats.ENV;
    }
    throw new IllegalArgumentException("not a configuration file Ferry writes: " + fileName);
  }
}
