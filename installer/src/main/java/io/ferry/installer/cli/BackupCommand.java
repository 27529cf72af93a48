package io.ferry.installer.cli;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.CommittedSnapshot;
import io.ferry.installer.backup.StackBackupRun;
import io.ferry.installer.backupshare.BackupShare;
import io.ferry.installer.backupshare.PasswordSource;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.schedule.BackupSchedule;
import io.ferry.installer.schedule.FerryLauncher;
import io.ferry.installer.schedule.ScheduleException;
import io.ferry.installer.schedule.ScheduleResult;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.signing.snapshot.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "backup",
    description = {
        "Backs up the deployed stack's data to the backup share now: the database dumped with its own tool,"
            + " each data volume, and the configuration the stack runs with.",
        "",
        "Content-based: data that did not change since an earlier backup is not stored again, so a nightly"
            + " backup writes only what changed ('new bytes'). The snapshot is recorded only when every stream"
            + " is stored; a failed backup leaves no snapshot and exits non-zero (and is logged), so monitoring"
            + " sees it.",
        "",
        "--install-schedule installs the nightly job (backup.schedule, default 02:00): a systemd timer where"
            + " systemd runs, else an entry in /etc/cron.d. 'schedule: off' in the configuration removes it.",
        ""},
    mixinStandardHelpOptions = true)
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BackupTarget target;

  @Option(names = "--install-schedule",
      description = "Install (or update, or with schedule: off remove) the nightly backup job instead of backing up.")
  boolean installSchedule;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    CustomerConfig config = target.customerConfig();
    if (installSchedule) {
      return schedule(config, out);
    }
    try {
      config.requireBackup();
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    }
    ProgressListener progress = target.json ? new JsonEvents(out) : ConsoleProgressBar.onStderr();
    long start = System.nanoTime();
    CommittedSnapshot done;
    Share share = openShare(config);
    try (DockerEngine engine = Installers.engine()) {
      done = StackBackupRun.run(engine, config, share, progress);
    } catch (BackupException e) {
      throw BackupTarget.failure(e);
    } catch (StackBackupRun.DataFailure e) {
      throw new CommandFailure(e.getMessage(), ExitCode.BACKUP_FAILED, e);
    } finally {
      BackupTarget.close(share);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Snapshot s = done.snapshot();
    String line = String.format("backup %s of %s %s: %s in %d streams, new bytes %s (%d new chunks), %.1f s",
        done.name(), s.stack(), s.release(), ConsoleProgressBar.bytes(s.size()), s.streams().size(),
        ConsoleProgressBar.bytes(done.stats().newBytes()), done.stats().newChunks(), took.toMillis() / 1000.0);
    LogFile.info("backup", line);
    if (target.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("snapshot", done.name());
      m.put("stack", s.stack());
      m.put("release", s.release());
      m.put("size", s.size());
      m.put("newBytes", done.stats().newBytes());
      m.put("newChunks", done.stats().newChunks());
      m.put("seconds", took.toMillis() / 1000.0);
      JsonEvents.print(out, "result", m);
    } else {
      out.println(line);
      out.flush();
    }
    return 0;
  }

  /** The nightly job never has a terminal: its password comes from the file or the environment. */
  private Share openShare(CustomerConfig config) {
    try {
      return BackupShare.open(config, target.json || System.console() == null ? PasswordSource.withoutPrompt()
          : PasswordSource.standard());
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    } catch (ShareException e) {
      throw new CommandFailure("the backup share: " + e.getMessage(), ExitCode.BACKUP_SHARE, e);
    }
  }

  private int schedule(CustomerConfig config, PrintWriter out) {
    ScheduleResult r;
    try {
      r = BackupSchedule.onThisHost().apply(config, FerryLauncher.current());
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    } catch (ScheduleException e) {
      throw new CommandFailure("installing the nightly backup failed: " + e.getMessage(), ExitCode.IO, e);
    }
    if (target.json) {
      JsonEvents.print(out, "result", Map.of("kind", r.kind().name(), "change", r.change().name(), "files",
          r.files().stream().map(Object::toString).toList(), "message", r.message()));
    } else {
      out.println(r.message());
      r.notes().forEach(n -> out.println("  " + n));
      out.flush();
    }
    return 0;
  }
}
