package io.ferry.installer.schedule;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;

/** Jobs for the schedule tests. */
final class Jobs {
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Jobs() {}

  /** acd-demo at 02:00 with plain paths. */
  static BackupJob plain() {
    return new BackupJob("acd-demo", LocalTime.of(2, 0), Path.of("/etc/ferry/customer.yaml"),
        List.of("/usr/bin/java", "-jar", "/opt/ferry/ferry.jar"));
  }

  /** Paths with every character the two formats treat specially. */
  static BackupJob awkward(String javaPath) {
    return new BackupJob("acd.demo", LocalTime.of(23, 5), Path.of("/etc/ferry/it's 100%z \"mine\" $HOME\\x.yaml"),
        List.of(javaPath, "-jar", "/opt/fer ry/ferry;1.jar"));
  }
}
