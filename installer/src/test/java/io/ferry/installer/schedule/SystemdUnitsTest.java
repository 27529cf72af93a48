package io.ferry.installer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitsTest {
  @TempDir Path dir;

  @Test
  void theServiceRunsFerryBackupOnceWithFerrysLog() {
    assertEquals("""
        # Written by Ferry: the nightly backup of acd-demo, daily at 02:00 (this host's local time).
        # 'ferry backup --install-schedule' rewrites this file: change backup.schedule in
        # /etc/ferry/customer.yaml instead of editing it.
        [Unit]
        Description=Ferry: nightly backup of acd-demo
        After=docker.service network-online.target
        Wants=network-online.target

        [Service]
        Type=oneshot
        Environment=FERRY_LOG=/var/log/ferry/ferry.log
        ExecStart=/usr/bin/java -jar /opt/ferry/ferry.jar backup --config /etc/ferry/customer.yaml
        SyslogIdentifier=ferry-backup-acd-demo
        """, SystemdUnits.service(Jobs.plain()));
  }

  @Test
  void theTimerStartsItDailyAndCatchesUpAMissedNight() {
    String timer = SystemdUnits.timer(Jobs.plain());
    assertTrue(timer.endsWith("""
        [Unit]
        Description=Ferry: nightly backup of acd-demo at 02:00

        [Timer]
        OnCalendar=*-*-* 02:00:00
        Persistent=true
        Unit=ferry-backup-acd-demo.service

        [Install]
        WantedBy=timers.target
        """), timer);
    assertEquals(LocalTime.of(2, 0), SystemdUnits.timeOf(timer));
    assertEquals(LocalTime.of(23, 5), SystemdUnits.timeOf(SystemdUnits.timer(Jobs.awkward(Jobs.JAVA))));
  }

  @Test
  void awkwardPathsAreQuotedForSystemd() {
    String service = SystemdUnits.service(Jobs.awkward("/usr/bin/java"));
    assertTrue(service.contains("\nExecStart=/usr/bin/java -jar \"/opt/fer ry/ferry;1.jar\" backup --config"
        + " \"/etc/ferry/it's 100%%z \\\"mine\\\" $$HOME\\\\x.yaml\"\n"), service);
    assertEquals("ferry-backup-acd_demo.service", SystemdUnits.serviceName(Jobs.awkward("/usr/bin/java")));
  }

  /** systemd's own parser: no error and no warning for either unit, also with awkward paths. */
  @Test
  void systemdAnalyzeVerifiesTheUnits() throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (Debian package systemd)");
    for (BackupJob job : new BackupJob[] {
        new BackupJob("acd-demo", LocalTime.of(2, 0), Path.of("/etc/ferry/customer.yaml"),
            java.util.List.of(Jobs.JAVA, "-jar", "/opt/ferry/ferry.jar")),
        Jobs.awkward(Jobs.JAVA)}) {
      Path unitDir = Files.createDirectories(dir.resolve(job.name()));
      Path service = Files.writeString(unitDir.resolve(SystemdUnits.serviceName(job)), SystemdUnits.service(job));
      Path timer = Files.writeString(unitDir.resolve(SystemdUnits.timerName(job)), SystemdUnits.timer(job));
      Process p = new ProcessBuilder("systemd-analyze", "verify", service.toString(), timer.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertEquals("", out.strip(), "systemd-analyze warned about " + job.name());
    }
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
