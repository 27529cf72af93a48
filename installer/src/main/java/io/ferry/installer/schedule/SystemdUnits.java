package io.ferry.installer.schedule;

import java.util.regex.Pattern;

/**
 * The systemd service and timer of a {@link BackupJob}: the timer starts the service daily at the
 * job's time; the service runs Ferry once. Stateless and thread-safe.
 */
final class SystemdUnits {
  /** Where Ferry logs (its LogFile reads FERRY_LOG); the journal gets the job's terminal output. */
  static final String LOG = "/var/log/ferry/ferry.log";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/.:=@+,-]+");

  private SystemdUnits() {}

  static String serviceName(BackupJob job) {
    return job.name() + ".service";
  }

  static String timerName(BackupJob job) {
    return job.name() + ".timer";
  }

  static String service(BackupJob job) {
    StringBuilder exec = new StringBuilder();
    for (String arg : job.arguments()) {
      exec.append(exec.length() == 0 ? "" : " ").append(quote(arg));
    }
    return header(job)
        + "[Unit]\n"
        + "Description=Ferry: nightly backup of " + job.stack() + "\n"
        + "After=docker.service network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n"
        + "[Service]\n"
        + "Type=oneshot\n"
        + "Environment=FERRY_LOG=" + LOG + "\n"
        + "ExecStart=" + exec + "\n"
        + "SyslogIdentifier=" + job.name() + "\n";
  }

  static String timer(BackupJob job) {
    return header(job)
        + "[Unit]\n"
        + "Description=Ferry: nightly backup of " + job.stack() + " at " + job.timeText() + "\n"
        + "\n"
        + "[Timer]\n"
        + "OnCalendar=*-*-* " + job.timeText() + ":00\n"
        // A night the host was off is caught up at the next boot instead of skipped.
        + "Persistent=true\n"
        + "Unit=" + serviceName(job) + "\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=timers.target\n";
  }

  private static String header(BackupJob job) {
    return "# Written by Ferry: the nightly backup of " + job.stack() + ", daily at " + job.timeText()
        + " (this host's local time).\n"
        + "# 'ferry backup --install-schedule' rewrites this file: change backup.schedule in\n"
        + "# " + job.config() + " instead of editing it.\n";
  }

  /**
   * One ExecStart= word: as is when that is unambiguous, else double-quoted with C escapes. '%'
   * (specifiers) and '$' (variables) are doubled everywhere so systemd passes them on literally.
   */
  static String quote(String arg) {
    String literal = arg.replace("%", "%%").replace("$", "$$");
    if (PLAIN.matcher(arg).matches()) {
      return literal;
    }
    return "\"" + literal.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The time in a timer file this class wrote ("OnCalendar=*-*-* 02:00:00"), or null. */
  static java.time.LocalTime timeOf(String timer) {
    var m = Pattern.compile("(?m)^OnCalendar=\\*-\\*-\\* ([0-9]{2}):([0-9]{2}):00$").matcher(timer);
    return m.find() ? java.time.LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
  }
}
