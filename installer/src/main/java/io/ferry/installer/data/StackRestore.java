package io.ferry.installer.data;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.compose.ComposeException;
import io.ferry.installer.compose.ComposeProject;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.health.HealthWaiter;
import io.ferry.installer.health.UnhealthyException;
import io.ferry.installer.stack.DatabaseSpec;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.installer.stream.BlockInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores a stack's data from a {@link RestoreSource} into its compose project: the volumes
 * first, through helper containers that never start, then the database, fed to the descriptor's
 * restore command inside the running database service. Starting the rest of the stack is the
 * caller's next step; the database service is left running.
 *
 * <p>It never overwrites data unless told to. Before anything is written, every volume it would
 * write must be empty and the database must be empty by the descriptor's {@code is_empty} command
 * (without one, a database whose service already has a container counts as holding data, since
 * Ferry cannot tell); otherwise it throws {@link NotEmptyException} and changes nothing (it may
 * have started the database service to ask it). With {@code overwrite} it first stops and removes
 * the project's containers ({@code down}, keeping volumes), then removes each volume that holds
 * data and, if the database holds data, the project's volumes its service mounts, so that the
 * database service starts on a new, empty database; a database that still holds data then (kept
 * in a bind mount, say) is refused. What it deleted is gone: the source is its replacement.
 *
 * <p>Each stream is read exactly to its announced length and then to its end: a stream that is
 * shorter, longer or fails its own check at the end fails the restore. A failure half-way leaves
 * partial data behind; the caller decides how to redo (the deployer keeps a marker and discards
 * the partial data on its next run). Not thread-safe.
 */
public final class StackRestore {
  /** The result: which streams went where, and which of the source's streams were not used and why. */
  public record Restored(List<String> restored, List<String> skipped) {}

  static final Duration IS_EMPTY_TIMEOUT = Duration.ofMinutes(2);
  static final Duration RESTORE_TIMEOUT = Duration.ofHours(6);

  private final DockerEngine engine;
  private final ProgressTask task;

  /** @param task receives the current item and the bytes read from the source; null for none */
  public StackRestore(DockerEngine engine, ProgressTask task) {
    this.engine = engine;
    this.task = task == null ? ProgressTask.start(ProgressListener.NONE, "restore", -1) : task;
  }

  /**
   * Restores {@code source} into {@code project}.
   *
   * @param descriptor which volumes hold data and how the database is restored
   * @param helperImage an image the engine has, for the helper containers (any will do: they never
   *     start; the bundle's own images are the natural choice)
   * @param overwrite replace data found in the volumes and the database instead of refusing
   * @throws NotEmptyException if a volume or the database holds data and {@code overwrite} is false
   * @throws RestoreException if a stream cannot be read or written, its format is unknown, the
   *     restore command fails (the message has its exit code and stderr), or compose fails
   * @throws UnhealthyException if the database service does not become healthy
   */
  public Restored restore(ComposeProject project, StackDescriptor descriptor, String helperImage,
      RestoreSource source, boolean overwrite) throws RestoreException, UnhealthyException {
    Selection selected = select(descriptor, source);
    DatabaseSpec db = descriptor.database();
    String name = project.name();
    Volumes volumes = new Volumes(engine);

    // Everything is checked before anything is written, so a refusal changes nothing.
    Map<String, String> fullVolumes = volumesHoldingData(volumes, name, selected.volumes().keySet(), helperImage);
    if (!fullVolumes.isEmpty() && !overwrite) {
      throw new NotEmptyException(List.copyOf(fullVolumes.values()));
    }
    String container = null;
    List<String> databaseVolumes = List.of();
    if (selected.dump() != null) {
      boolean ranBefore = serviceContainer(name, db.service()) != null;
      container = startDatabase(project, descriptor);
      String content = databaseContent(container, db, ranBefore);
      if (content != null && !overwrite) {
        List<String> holdingData = new ArrayList<>(fullVolumes.values());
        holdingData.add(content);
        throw new NotEmptyException(holdingData);
      }
      if (content != null) {
        databaseVolumes = projectVolumes(container, name);
      }
    }
    if (!fullVolumes.isEmpty() || !databaseVolumes.isEmpty()) {
      List<String> doomed = new ArrayList<>(fullVolumes.keySet());
      doomed.addAll(databaseVolumes);
      empty(project, volumes, doomed);
      container = null;
    }

    List<String> restored = new ArrayList<>();
    for (Map.Entry<String, RestoreSource.StreamInfo> v : selected.volumes().entrySet()) {
      restoreVolume(volumes, name, v.getKey(), helperImage, source, v.getValue());
      restored.add(v.getValue().name());
    }
    if (selected.dump() != null) {
      if (container == null) {
        container = startDatabase(project, descriptor);
        String content = databaseContent(container, db, false);
        if (content != null) {
          throw new RestoreException("the database still holds data after its volumes were recreated (" + content
              + "): it keeps its data outside the project's volumes; empty it by hand and restore again");
        }
      }
      restoreDatabase(container, db, source, selected.dump());
      restored.add(selected.dump().name());
    }
    return new Restored(restored, selected.skipped());
  }

  /** The source's streams this descriptor restores (volumes by key, the dump) and those it leaves, with why. */
  private record Selection(Map<String, RestoreSource.StreamInfo> volumes, RestoreSource.StreamInfo dump,
      List<String> skipped) {}

  private static Selection select(StackDescriptor descriptor, RestoreSource source) throws RestoreException {
    Map<String, RestoreSource.StreamInfo> byName = new LinkedHashMap<>();
    source.streams().forEach(s -> byName.put(s.name(), s));
    Map<String, RestoreSource.StreamInfo> volumes = new LinkedHashMap<>();
    for (String key : descriptor.dataVolumes()) {
      RestoreSource.StreamInfo s = byName.remove(DataFormats.volume(key));
      if (s != null) {
        layout(s); // an unknown format is refused before anything changes
        volumes.put(key, s);
      }
    }
    RestoreSource.StreamInfo dump = byName.remove(DataFormats.DATABASE);
    if (dump != null && descriptor.database() == null) {
      throw new RestoreException("the data to restore has a database dump, but the stack descriptor of "
          + descriptor.name() + " names no database (data.database) to restore it into");
    }
    if (dump != null && !dump.format().equals(DataFormats.SQL)) {
      throw unknownFormat(dump);
    }
    List<String> skipped = new ArrayList<>();
    for (RestoreSource.StreamInfo s : byName.values()) {
      skipped.add(s.name() + (s.name().startsWith(DataFormats.CONFIG_PREFIX)
          ? ": configuration is not restored here" : ": not a data volume of " + descriptor.name()));
    }
    return new Selection(volumes, dump, skipped);
  }

  /** Volume name to a description of what it holds, for each volume to restore that is not empty. */
  private Map<String, String> volumesHoldingData(Volumes volumes, String project, Iterable<String> keys,
      String helperImage) throws RestoreException {
    Map<String, String> full = new LinkedHashMap<>();
    try {
      for (String key : keys) {
        String volume = Volumes.volumeName(project, key);
        task.item("checking volume " + key);
        String entry = volumes.firstEntry(volume, helperImage);
        if (entry != null) {
          full.put(volume, "volume " + volume + " (it holds " + entry + ")");
        }
      }
    } catch (IOException e) {
      throw new RestoreException(e.getMessage(), e);
    }
    return full;
  }

  /** Stops and removes the project's containers (nothing may write meanwhile), then the volumes. */
  private void empty(ComposeProject project, Volumes volumes, List<String> doomed) throws RestoreException {
    task.item("stopping the stack to replace its data");
    try {
      project.down(false);
      for (String v : doomed) {
        volumes.remove(v);
      }
    } catch (ComposeException | IOException e) {
      throw new RestoreException("emptying the stack for the restore failed: " + e.getMessage(), e);
    }
  }

  private void restoreVolume(Volumes volumes, String project, String key, String helperImage, RestoreSource source,
      RestoreSource.StreamInfo s) throws RestoreException {
    task.item("volume " + key);
    try (Counted in = new Counted(source.open(s.name()), s.length())) {
      volumes.write(project, key, helperImage, in, layout(s));
      in.requireEnd(s.name());
    } catch (IOException e) {
      throw new RestoreException("restoring " + s.name() + " into volume " + Volumes.volumeName(project, key)
          + " failed: " + e.getMessage(), e);
    }
  }

  private void restoreDatabase(String container, DatabaseSpec db, RestoreSource source,
      RestoreSource.StreamInfo dump) throws RestoreException {
    task.item("database");
    ContainerCommand tool = new ContainerCommand(engine.client());
    try (Counted in = new Counted(source.open(dump.name()), dump.length())) {
      ContainerCommand.Result r = tool.feed(container, db.restore(), in, dump.length(), RESTORE_TIMEOUT);
      if (r.exitCode() != 0) {
        String failed = "the database restore ('" + String.join(" ", db.restore()) + "') failed with exit code "
            + r.exitCode() + " after reading " + in.consumed() + " of " + dump.length() + " bytes: " + tail(r);
        if (in.consumed() == dump.length()) {
          // It read all it was given: a dump longer than announced (so cut off) explains the failure best.
          try {
            in.requireEnd(dump.name());
          } catch (IOException e) {
            throw new RestoreException(e.getMessage() + "; " + failed, e);
          }
        }
        throw new RestoreException(failed);
      }
      in.requireEnd(dump.name());
    } catch (IOException e) {
      throw new RestoreException("restoring the database failed: " + e.getMessage(), e);
    }
  }

  private static Volumes.Layout layout(RestoreSource.StreamInfo s) throws RestoreException {
    return switch (s.format()) {
      case DataFormats.TAR -> Volumes.Layout.ROOTED;
      case DataFormats.FOLDER_TAR -> Volumes.Layout.CONTENTS;
      default -> throw unknownFormat(s);
    };
  }

  private static RestoreException unknownFormat(RestoreSource.StreamInfo s) {
    return new RestoreException(s.name() + " has format '" + s.format() + "', which this version of Ferry cannot"
        + " restore; use the Ferry of the release that made it, or a newer one");
  }

  private static String tail(ContainerCommand.Result r) {
    String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
    return text.isBlank() ? "(no output)" : text;
  }

  private ContainerState serviceContainer(String project, String service) {
    return ProjectContainers.list(engine.client(), project).stream()
        .filter(c -> c.service().equals(service) && !c.oneOff()).findFirst().orElse(null);
  }

  /** Starts the database service (and what it depends on), waits until it is healthy, returns its container. */
  private String startDatabase(ComposeProject project, StackDescriptor descriptor)
      throws RestoreException, UnhealthyException {
    String service = descriptor.database().service();
    task.item("starting " + service);
    try {
      project.up(List.of(service));
    } catch (ComposeException e) {
      throw new RestoreException("starting the database service " + service + " failed: " + e.getMessage(), e);
    }
    new HealthWaiter(engine.client(), ProgressListener.NONE).waitHealthy(project.name(), List.of(service),
        Duration.ofSeconds(descriptor.healthTimeoutSeconds()));
    ContainerState c = serviceContainer(project.name(), service);
    if (c == null || !c.state().equals("running")) {
      throw new RestoreException("the database service " + service + " is not running after it was started");
    }
    return c.containerId();
  }

  /** Null when the database is empty, else what says it holds data. */
  private String databaseContent(String container, DatabaseSpec db, boolean containerExisted)
      throws RestoreException {
    if (db.isEmpty().isEmpty()) {
      return containerExisted ? "the database (the stack descriptor has no is_empty command to tell whether it"
          + " holds data, and its service " + db.service() + " has run before)" : null;
    }
    task.item("checking the database");
    ContainerCommand.Result r;
    try {
      r = new ContainerCommand(engine.client()).run(container, db.isEmpty(), IS_EMPTY_TIMEOUT);
    } catch (IOException e) {
      throw new RestoreException("checking whether the database is empty failed: " + e.getMessage(), e);
    }
    String answer = r.stdout().strip();
    if (r.exitCode() != 0) {
      throw new RestoreException("checking whether the database is empty ('" + String.join(" ", db.isEmpty())
          + "') failed with exit code " + r.exitCode() + ": " + tail(r));
    }
    if (answer.equals("0")) {
      return null;
    }
    if (!answer.matches("\\d+")) {
      throw new RestoreException("'" + String.join(" ", db.isEmpty()) + "' printed '" + answer + "'; the stack"
          + " descriptor's is_empty command must print 0 for an empty database (a count otherwise)");
    }
    return "the database ('" + String.join(" ", db.isEmpty()) + "' printed " + answer + ", not 0)";
  }

  /** The project's named volumes the container mounts: where its database keeps its data. */
  private List<String> projectVolumes(String container, String project) throws RestoreException {
    List<String> names = new ArrayList<>();
    try {
      InspectContainerResponse inspect = engine.client().inspectContainerCmd(container).exec();
      if (inspect.getMounts() != null) {
        for (InspectContainerResponse.Mount m : inspect.getMounts()) {
          if (m.getName() == null || m.getDriver() == null) {
            continue; // a bind mount: not the project's to delete
          }
          var v = engine.client().inspectVolumeCmd(m.getName()).exec();
          if (v.getLabels() != null && project.equals(v.getLabels().get(ProjectContainers.PROJECT_LABEL))) {
            names.add(m.getName());
          }
        }
      }
    } catch (RuntimeException e) {
      throw new RestoreException("cannot inspect the database container " + container + ": "
          + DockerEngine.rootMessage(e), e);
    }
    return names;
  }

  /**
   * A source stream read for exactly its announced length, counted into the progress; then
   * {@link #requireEnd} checks that the source ends there (and lets it verify itself).
   */
  private final class Counted extends BlockInputStream {
    private final InputStream in;
    private final long length;
    private long read;

    Counted(InputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= length) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, length - read));
      if (n > 0) {
        read += n;
        task.advance(n);
      }
      return n;
    }

    long consumed() {
      return read;
    }

    void requireEnd(String name) throws IOException {
      if (read < length) {
        throw new IOException(name + " ended after " + read + " of its " + length + " bytes");
      }
      if (in.read() >= 0) {
        throw new IOException(name + " is longer than its announced " + length + " bytes");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
