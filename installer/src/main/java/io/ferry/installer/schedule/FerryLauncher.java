package io.ferry.installer.schedule;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How the nightly job starts the Ferry that installs it: this JVM's java and the jar it runs from. */
public final class FerryLauncher {
  private FerryLauncher() {}

  /**
   * {@code [<java.home>/bin/java, -jar, <the jar this class was loaded from>]}, both absolute, so the job
   * runs the same Ferry with the same Java regardless of cron's or systemd's PATH.
   *
   * @throws ScheduleException when Ferry does not run from a jar (e.g. from an IDE's class folders)
   */
  public static List<String> current() throws ScheduleException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar;
    try {
      jar = Path.of(FerryLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new ScheduleException("cannot tell which jar Ferry runs from (" + e.getMessage() + "); install the"
          + " schedule with the installed ferry", e);
    }
    return of(java, jar);
  }

  /** {@code [java, -jar, jar]}, checked: both must exist, the jar must be a file. */
  static List<String> of(Path java, Path jar) throws ScheduleException {
    if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
      throw new ScheduleException("Ferry is not running from its jar (" + jar + "), so the nightly job would not"
          + " know what to run; install the schedule with the installed ferry (e.g. ./ferry backup"
          + " --install-schedule)");
    }
    if (!Files.isExecutable(java)) {
      throw new ScheduleException(java + " is not an executable Java; install the schedule with the installed ferry");
    }
    return List.of(java.toAbsolutePath().normalize().toString(), "-jar", jar.toAbsolutePath().normalize().toString());
  }
}
