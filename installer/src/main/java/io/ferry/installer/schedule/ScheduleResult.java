package io.ferry.installer.schedule;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BackupSchedule} did. Immutable.
 *
 * @param kind how the job runs (or ran) on this host
 * @param change what changed
 * @param files the job's files that were written, kept or removed
 * @param message one line for the terminal, e.g. "nightly backup of acd-demo installed: systemd timer
 *     ferry-backup-acd-demo.timer, daily at 02:00 (this host's local time); ..."
 * @param notes further lines worth showing (another kind's files removed, no cron daemon found)
 */
public record ScheduleResult(Kind kind, Change change, List<Path> files, String message, List<String> notes) {
  /** How the nightly job runs. */
  public enum Kind {
    /** A systemd timer and service in /etc/systemd/system (where systemd is PID 1). */
    SYSTEMD,
    /** A file in /etc/cron.d (elsewhere). */
    CRON
  }

  /** What an install or uninstall changed. */
  public enum Change {
    INSTALLED,
    UPDATED,
    UNCHANGED,
    REMOVED,
    NOT_INSTALLED
  }

  public ScheduleResult {
    files = List.copyOf(files);
    notes = List.copyOf(notes);
  }

  /** Whether anything on the host changed. */
  public boolean changed() {
    return change == Change.INSTALLED || change == Change.UPDATED || change == Change.REMOVED;
  }
}
