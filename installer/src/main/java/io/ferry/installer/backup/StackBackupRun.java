package io.ferry.installer.backup;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.data.StackBackup;
import io.ferry.installer.data.StackStream;
import io.ferry.installer.deploy.DeploymentRecord;
import io.ferry.installer.deploy.StackPaths;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.share.Share;
import io.ferry.installer.stack.DescriptorException;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One backup of a deployed stack to its share, what {@code ferry backup} and the nightly job run: the
 * streams the stack descriptor names (the database dumped by its own tool, each data volume as a tar,
 * the configuration the stack runs with) are read one after the other straight into the repository,
 * which stores only chunks it does not have and writes the snapshot document last. A failure leaves
 * no snapshot, only chunks a later backup reuses.
 *
 * <pre>{@code
 * CommittedSnapshot s = StackBackupRun.run(engine, config, share, progress);
 * }</pre>
 */
public final class StackBackupRun {
  private StackBackupRun() {}

  /** A backup could not be taken because the stack or its data could not be read. */
  public static final class DataFailure extends Exception {
    DataFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Backs up the stack {@code config} names, as deployed under its state directory, to the repository
   * on {@code share} (created there on the first backup).
   *
   * @throws BackupException the repository or share failed
   * @throws DataFailure nothing deployed, the database not running, a dump tool failing
   */
  public static CommittedSnapshot run(DockerEngine engine, CustomerConfig config, Share share,
      ProgressListener progress) throws BackupException, DataFailure {
    StackPaths paths = StackPaths.of(config.stateDirOrDefault(), config.stack());
    DeploymentRecord record;
    StackDescriptor descriptor;
    try {
      record = DeploymentRecord.read(paths.record());
      if (record == null) {
        throw new DataFailure("stack " + config.stack() + " is not deployed on this host (" + paths.record()
            + " is missing): deploy it with 'ferry deploy' first, or check state_dir", null);
      }
      Path file = paths.releaseDir().resolve(StackDescriptor.FILE_NAME);
      descriptor = Files.exists(file) ? StackDescriptor.parse(Files.readAllBytes(file), file.toString())
          : StackDescriptor.defaultsFor(config.stack());
    } catch (IOException | DescriptorException e) {
      throw new DataFailure("cannot read the deployed stack in " + paths.root() + ": " + e.getMessage(), e);
    }
    List<StackStream> streams;
    try {
      streams = new StackBackup(engine).streams(record.composeProject(), descriptor,
          paths.runningConfiguration());
    } catch (io.ferry.installer.data.BackupException e) {
      throw new DataFailure(e.getMessage(), e);
    }
    BackupRepository repo = BackupRepository.openOrInit(share, "", config.backup() != null
        && config.backup().writeOnce());
    long estimate = estimate(repo, config.stack(), streams);
    try (SnapshotWriter writer = repo.newBackup(config.stack(), record.release(), BackupRepository.thisHost());
        ProgressTask task = ProgressTask.start(progress, "backing up " + config.stack(), estimate)) {
      for (StackStream stream : streams) {
        task.item(stream.name());
        try (InputStream in = stream.open()) {
          writer.addStream(stream.name(), stream.format(), in, task);
        } catch (IOException e) {
          throw new DataFailure("backing up " + stream.name() + " failed: " + e.getMessage()
              + ". No backup was recorded; fix the cause and run 'ferry backup' again", e);
        }
      }
      return writer.commit();
    }
  }

  /**
   * The bytes this backup will read, for the progress bar's ETA: the sizes of the same streams in the
   * newest earlier backup of the stack (data grows slowly from night to night); -1 for the first.
   */
  private static long estimate(BackupRepository repo, String stack, List<StackStream> streams) throws BackupException {
    List<SnapshotEntry> all = repo.snapshots();
    for (int i = all.size() - 1; i >= 0; i--) {
      Snapshot s = all.get(i).snapshot();
      if (s != null && s.stack().equals(stack)) {
        long total = 0;
        for (StackStream stream : streams) {
          total += s.stream(stream.name()).map(SnapshotStream::size).orElse(0L);
        }
        return total;
      }
    }
    return -1;
  }
}
