package io.ferry.installer.schedule;

import java.time.LocalTime;
import java.util.regex.Pattern;

/**
 * The /etc/cron.d file of a {@link BackupJob}, for hosts where systemd does not run: one line that
 * runs Ferry as root daily at the job's time, its output appended to {@value #LOG}. Stateless and
 * thread-safe.
 */
final class CronEntry {
  static final String LOG = "/var/log/ferry/backup-cron.log";
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/.:=@+,-]+");
  private static final Pattern JOB = Pattern.compile("(?m)^([0-9]{1,2}) ([0-9]{1,2}) \\* \\* \\* root ");

  private CronEntry() {}

  static String file(BackupJob job) {
    StringBuilder command = new StringBuilder();
    for (String arg : job.arguments()) {
      command.append(command.length() == 0 ? "" : " ").append(quote(arg));
    }
    return "# Written by Ferry: the nightly backup of " + job.stack() + ", daily at " + job.timeText()
        + " (this host's local time).\n"
        + "# 'ferry backup --install-schedule' rewrites this file: change backup.schedule in\n"
        + "# " + job.config() + " instead of editing it.\n"
        + "SHELL=/bin/sh\n"
        + "PATH=" + PATH + "\n"
        + "FERRY_LOG=" + SystemdUnits.LOG + "\n"
        + job.time().getMinute() + " " + job.time().getHour() + " * * * root " + command + " >>" + LOG + " 2>&1\n";
  }

  /**
   * One word for /bin/sh, single-quoted unless it is plain. cron itself turns an unescaped '%' into a
   * line break, so every '%' is escaped for cron, which removes the backslash again.
   */
  static String quote(String arg) {
    String shell = PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    return shell.replace("%", "\\%");
  }

  /** The time in a file this class wrote, or null. */
  static LocalTime timeOf(String file) {
    var m = JOB.matcher(file);
    if (!m.find()) {
      return null;
    }
    int minute = Integer.parseInt(m.group(1));
    int hour = Integer.parseInt(m.group(2));
    return minute < 60 && hour < 24 ? LocalTime.of(hour, minute) : null;
  }
}
