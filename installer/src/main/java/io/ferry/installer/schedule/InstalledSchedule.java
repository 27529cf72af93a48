package io.ferry.installer.schedule;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;

/**
 * The nightly job of a stack as it is installed on this host. Immutable.
 *
 * @param kind a systemd timer or a cron entry
 * @param time when it runs, as its files say; null when they were edited into a form Ferry does not write
 * @param files its files
 */
public record InstalledSchedule(ScheduleResult.Kind kind, LocalTime time, List<Path> files) {
  public InstalledSchedule {
    files = List.copyOf(files);
  }

  /** One line, e.g. "systemd timer ferry-backup-acd-demo.timer, daily at 02:00 (this host's local time)". */
  public String describe() {
    String what = kind == ScheduleResult.Kind.SYSTEMD ? "systemd timer " + files.get(files.size() - 1).getFileName()
        : "cron entry " + files.get(0);
    return what + (time == null ? " (edited by hand: its time is not one Ferry wrote)"
        : String.format(", daily at %02d:%02d (this host's local time)", time.getHour(), time.getMinute()));
  }
}
