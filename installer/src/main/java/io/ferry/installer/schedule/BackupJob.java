package io.ferry.installer.schedule;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The nightly backup of one stack, as the scheduler runs it: {@code <ferry> backup --config <config>}
 * every day at {@code time} in this host's local time. Immutable and thread-safe.
 *
 * @param stack the stack's name (as in customer.yaml); names the job's files
 * @param time when it runs, whole minutes
 * @param config the customer configuration the job reads, absolute
 * @param ferry how to run Ferry: an absolute program and its first arguments, e.g.
 *     {@code [/usr/lib/jvm/java-17-openjdk-amd64/bin/java, -jar, /opt/ferry/ferry.jar]} (see {@link FerryLauncher})
 */
public record BackupJob(String stack, LocalTime time, Path config, List<String> ferry) {
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  public BackupJob {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(config, "config");
    ferry = List.copyOf(ferry);
    if (!STACK.matcher(stack).matches()) {
      throw new IllegalArgumentException("not a stack name: '" + stack + "'");
    }
    if (time.getSecond() != 0 || time.getNano() != 0) {
      throw new IllegalArgumentException("the backup runs at a whole minute, not " + time);
    }
    if (!config.isAbsolute()) {
      throw new IllegalArgumentException("the nightly job needs the configuration's absolute path, not " + config);
    }
    if (ferry.isEmpty() || !Path.of(ferry.get(0)).isAbsolute()) {
      throw new IllegalArgumentException("the nightly job needs Ferry's absolute path, not " + ferry);
    }
    for (String arg : arguments(ferry, config)) {
      // Neither a cron line nor an ExecStart= line can carry a line break.
      if (arg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("a path of the nightly job has a control character: " + arg);
      }
    }
  }

  /** The name of the job's files: "ferry-backup-" and the stack, with '.' as '_' (cron skips names with a dot). */
  public String name() {
    return name(stack);
  }

  static String name(String stack) {
    return "ferry-backup-" + stack.replace('.', '_');
  }

  /** The whole command line: Ferry, then {@code backup --config <config>}. */
  public List<String> arguments() {
    return arguments(ferry, config);
  }

  private static List<String> arguments(List<String> ferry, Path config) {
    List<String> args = new ArrayList<>(ferry);
    args.addAll(List.of("backup", "--config", config.toString()));
    return args;
  }

  /** "02:00". */
  public String timeText() {
    return String.format("%02d:%02d", time.getHour(), time.getMinute());
  }
}
