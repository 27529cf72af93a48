package io.ferry.installer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.installer.schedule.ScheduleResult.Change;
import io.ferry.installer.schedule.ScheduleResult.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing on a host without systemd: installs an entry into this machine's /etc/cron.d, lets the
 * real cron daemon run it at the next minute, and checks it ran as root, with the entry's PATH and
 * FERRY_LOG, with exactly the job's arguments (through paths with a space, a quote and a '%'), its
 * output appended to /var/log/ferry/backup-cron.log. The program is a stand-in that records how it
 * was called, so no backup runs. Takes one to two minutes. Needs root and cron
 * ({@code scripts/testbed.sh scheduler}); starts {@code cron -f} for the test when no cron daemon runs,
 * and removes the entry, its log line and the daemon it started afterwards.
 */
class BackupScheduleCronIT {
  static final Path CRON = Path.of("/usr/sbin/cron");
  static final Path CRON_LOG = Path.of(CronEntry.LOG);
  static final Path PID_FILE = Path.of("/run/crond.pid");

  @TempDir Path dir;

  @Test
  void cronRunsTheInstalledEntry() throws Exception {
    BackupSchedule host = BackupSchedule.onThisHost();
    assumeTrue(host.kind() == Kind.CRON, "systemd runs this host: its timer is what a backup would use here");
    if (!Files.isExecutable(CRON)) {
      throw new IllegalStateException(CRON + " is missing: run scripts/testbed.sh scheduler (as root) first");
    }
    String stack = "ferry-it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    Path folder = Files.createDirectory(dir.resolve("it's 100% a probe"));
    Path called = folder.resolve("called");
    Path program = Files.writeString(folder.resolve("ferry stand-in"), "#!/bin/sh\n"
        + "{ id -u; printf '%s\\n' \"$PATH\" \"$FERRY_LOG\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; } > '"
        + called.toString().replace("'", "'\\''") + "'\n"
        + "echo \"stand-in ran for " + stack + "\"\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));

    // cron reads changed files at each minute's start and then runs that minute's jobs; leave it room.
    LocalTime now = LocalTime.now();
    LocalTime at = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(now.getSecond() < 45 ? 1 : 2);
    BackupJob job = new BackupJob(stack, at, folder.resolve("customer.yaml"), List.of(program.toString()));
    boolean logFolderExisted = Files.isDirectory(CRON_LOG.getParent());
    long logSize = Files.exists(CRON_LOG) ? Files.size(CRON_LOG) : -1;
    Process daemon = null;
    boolean pidFileExisted = true;
    try {
      ScheduleResult r = host.install(job);
      assertEquals(Change.INSTALLED, r.change(), r.message());
      assertEquals(List.of(Path.of("/etc/cron.d/ferry-backup-" + stack)), r.files());
      if (!cronRuns()) {
        pidFileExisted = Files.exists(PID_FILE);
        daemon = new ProcessBuilder(CRON.toString(), "-f").redirectErrorStream(true)
            .redirectOutput(dir.resolve("cron.out").toFile()).start();
      }
      long deadline = System.nanoTime() + (long) ((Math.max(0, now.until(at, ChronoUnit.SECONDS)) + 90) * 1e9);
      while (!Files.exists(called) && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertTrue(Files.exists(called), "cron did not run the entry at " + job.timeText() + ": "
          + Files.readString(r.files().get(0)) + (daemon != null && !daemon.isAlive() ? " (cron -f exited: "
          + Files.readString(dir.resolve("cron.out")) + ")" : ""));
      Thread.sleep(1000); // the stand-in's echo after the file
      List<String> lines = Files.readAllLines(called);
      assertEquals("0", lines.get(0), "runs as root");
      assertEquals(CronEntry.PATH, lines.get(1));
      assertEquals(SystemdUnits.LOG, lines.get(2));
      assertEquals(List.of("backup", "--config", job.config().toString()), lines.subList(3, lines.size()));
      assertTrue(Files.readString(CRON_LOG).contains("stand-in ran for " + stack + "\n"), "output in " + CRON_LOG);
    } finally {
      if (daemon != null) {
        daemon.destroy();
        daemon.waitFor();
        if (!pidFileExisted) {
          Files.deleteIfExists(PID_FILE); // cron leaves it behind when stopped
        }
      }
      assertEquals(Change.REMOVED, host.uninstall(stack).change());
      removeOurLogLines(logSize);
      if (!logFolderExisted) {
        Files.deleteIfExists(CRON_LOG.getParent()); // only when empty: nothing else wrote there meanwhile
      }
    }
    assertFalse(Files.exists(Path.of("/etc/cron.d/ferry-backup-" + stack)));
  }

  /** Whether a cron daemon runs already (then it is the one that must run the entry). */
  static boolean cronRuns() throws Exception {
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
        try {
          String comm = Files.readString(p.resolve("comm")).strip();
          if (comm.equals("cron") || comm.equals("crond")) {
            return true;
          }
        } catch (java.io.IOException gone) {
          // the process ended while we looked
        }
      }
    }
    return false;
  }

  /** The machine's log as it was: cut back to its old size, or gone when the test made it. */
  static void removeOurLogLines(long oldSize) throws Exception {
    if (oldSize < 0) {
      Files.deleteIfExists(CRON_LOG);
    } else if (Files.exists(CRON_LOG)) {
      try (var ch = java.nio.channels.FileChannel.open(CRON_LOG, java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(oldSize);
      }
    }
  }
}
