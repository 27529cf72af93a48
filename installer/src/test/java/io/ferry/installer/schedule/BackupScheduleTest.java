package io.ferry.installer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.schedule.ScheduleResult.Change;
import io.ferry.installer.schedule.ScheduleResult.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs into a temporary root folder; systemctl is recorded, or (last test) run with --root. */
class BackupScheduleTest {
  @TempDir Path root;
  final List<String> systemctl = new ArrayList<>();

  BackupSchedule schedule() {
    return new BackupSchedule(root, args -> systemctl.add(String.join(" ", args)), true);
  }

  Path file(String path) {
    return root.resolve(path);
  }

  void cronHost() throws Exception {
    Files.createDirectories(file("etc/cron.d"));
    Files.createDirectories(file("usr/sbin"));
    Path cron = Files.writeString(file("usr/sbin/cron"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(cron, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  void systemdHost() throws Exception {
    Files.createDirectories(file("run/systemd/system"));
  }

  static BackupJob at(int hour, int minute) {
    return new BackupJob("acd-demo", LocalTime.of(hour, minute), Path.of("/etc/ferry/customer.yaml"),
        List.of("/usr/bin/java", "-jar", "/opt/ferry/ferry.jar"));
  }

  @Test
  void cronInstallIsIdempotentAndReplacesOnlyWhatDiffers() throws Exception {
    cronHost();
    BackupSchedule s = schedule();
    assertEquals(Kind.CRON, s.kind());
    Path entry = file("etc/cron.d/ferry-backup-acd-demo");

    ScheduleResult first = s.install(at(2, 0));
    assertEquals(Change.INSTALLED, first.change());
    assertEquals(List.of(entry), first.files());
    assertEquals(CronEntry.file(at(2, 0)), Files.readString(entry));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)),
        "cron skips a cron.d file that others may write");
    assertTrue(Files.isDirectory(file("var/log/ferry")), "the folder the job's output goes to");
    assertEquals("nightly backup of acd-demo installed: cron entry " + entry + ", daily at 02:00 (this host's local"
        + " time); its output goes to /var/log/ferry/backup-cron.log", first.message());
    assertEquals(List.of(), first.notes());

    Files.setLastModifiedTime(entry, FileTime.fromMillis(0));
    ScheduleResult again = s.install(at(2, 0));
    assertEquals(Change.UNCHANGED, again.change());
    assertFalse(again.changed());
    assertTrue(again.message().startsWith("nightly backup of acd-demo unchanged: "), again.message());
    assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(entry), "an unchanged file is not rewritten");

    assertEquals(Change.UPDATED, s.install(at(3, 30)).change());
    assertEquals(CronEntry.file(at(3, 30)), Files.readString(entry));
    assertEquals(Optional.of(new InstalledSchedule(Kind.CRON, LocalTime.of(3, 30), List.of(entry))),
        s.installed("acd-demo"));
    try (var files = Files.list(file("etc/cron.d"))) {
      assertEquals(List.of(entry), files.toList(), "no temporary file is left");
    }
    assertEquals(List.of(), systemctl, "cron needs no command");
  }

  @Test
  void cronUninstall() throws Exception {
    cronHost();
    BackupSchedule s = schedule();
    s.install(at(2, 0));
    ScheduleResult removed = s.uninstall("acd-demo");
    assertEquals(Change.REMOVED, removed.change());
    assertEquals(Kind.CRON, removed.kind());
    assertFalse(Files.exists(file("etc/cron.d/ferry-backup-acd-demo")));
    assertEquals(Optional.empty(), s.installed("acd-demo"));
    ScheduleResult none = s.uninstall("acd-demo");
    assertEquals(Change.NOT_INSTALLED, none.change());
    assertEquals("no nightly backup of acd-demo is installed; nothing to remove", none.message());
  }

  @Test
  void withoutCronOrSystemdItSaysWhatToInstall() throws Exception {
    ScheduleException e = assertThrows(ScheduleException.class, () -> schedule().install(at(2, 0)));
    assertEquals("neither systemd nor cron runs on this host (" + file("etc/cron.d") + " does not exist); install"
        + " cron (Debian, Ubuntu: apt-get install cron; RHEL: dnf install cronie), start it, and run again",
        e.getMessage());
    Files.createDirectories(file("etc/cron.d"));
    ScheduleResult r = schedule().install(at(2, 0));
    assertEquals(List.of("no cron daemon found (/usr/sbin/cron or /usr/sbin/crond): install cron and make sure it"
        + " runs, or the entry is never run"), r.notes());
  }

  @Test
  void systemdInstallEnablesAndStartsTheTimer() throws Exception {
    systemdHost();
    BackupSchedule s = schedule();
    assertEquals(Kind.SYSTEMD, s.kind());
    Path service = file("etc/systemd/system/ferry-backup-acd-demo.service");
    Path timer = file("etc/systemd/system/ferry-backup-acd-demo.timer");

    ScheduleResult first = s.install(at(2, 0));
    assertEquals(Change.INSTALLED, first.change());
    assertEquals(List.of(service, timer), first.files());
    assertEquals(SystemdUnits.service(at(2, 0)), Files.readString(service));
    assertEquals(SystemdUnits.timer(at(2, 0)), Files.readString(timer));
    assertEquals(List.of("daemon-reload", "enable --now ferry-backup-acd-demo.timer",
        "restart ferry-backup-acd-demo.timer"), systemctl);
    assertEquals("nightly backup of acd-demo installed: systemd timer ferry-backup-acd-demo.timer, daily at 02:00"
        + " (this host's local time); 'systemctl list-timers ferry-backup-acd-demo.timer' shows the next run,"
        + " 'journalctl -u ferry-backup-acd-demo.service' its output", first.message());

    systemctl.clear();
    assertEquals(Change.UNCHANGED, s.install(at(2, 0)).change());
    assertEquals(List.of("daemon-reload", "enable --now ferry-backup-acd-demo.timer"), systemctl,
        "no restart when nothing changed, but a run cut short before enabling is finished");

    systemctl.clear();
    assertEquals(Change.UPDATED, s.install(at(1, 15)).change());
    assertEquals(LocalTime.of(1, 15), s.installed("acd-demo").orElseThrow().time());
    assertEquals("restart ferry-backup-acd-demo.timer", systemctl.get(2), "the new time takes effect now");

    systemctl.clear();
    ScheduleResult removed = s.uninstall("acd-demo");
    assertEquals(Change.REMOVED, removed.change());
    assertEquals(Kind.SYSTEMD, removed.kind());
    assertEquals(List.of("disable --now ferry-backup-acd-demo.timer", "daemon-reload"), systemctl);
    assertFalse(Files.exists(service) || Files.exists(timer));
  }

  @Test
  void aFailedDisableRemovesNothing() throws Exception {
    systemdHost();
    schedule().install(at(2, 0));
    BackupSchedule failing = new BackupSchedule(root, args -> {
      throw new ScheduleException("systemctl " + String.join(" ", args) + " failed (exit 1)");
    }, true);
    assertThrows(ScheduleException.class, () -> failing.uninstall("acd-demo"));
    assertTrue(Files.exists(file("etc/systemd/system/ferry-backup-acd-demo.timer")));
    assertTrue(Files.exists(file("etc/systemd/system/ferry-backup-acd-demo.service")));
  }

  @Test
  void aHostThatChangedKindKeepsOneJob() throws Exception {
    cronHost();
    schedule().install(at(2, 0));
    systemdHost();
    ScheduleResult r = schedule().install(at(2, 0));
    assertEquals(Kind.SYSTEMD, r.kind());
    assertFalse(Files.exists(file("etc/cron.d/ferry-backup-acd-demo")));
    assertEquals(List.of("removed the cron entry " + file("etc/cron.d/ferry-backup-acd-demo") + ": systemd runs the"
        + " job now"), r.notes());

    Files.delete(file("run/systemd/system"));
    ScheduleResult back = schedule().install(at(2, 0));
    assertEquals(Kind.CRON, back.kind());
    assertFalse(Files.exists(file("etc/systemd/system/ferry-backup-acd-demo.timer")));
    assertEquals(2, back.notes().size(), back.notes().toString());
  }

  @Test
  void applyFollowsTheConfiguration() throws Exception {
    cronHost();
    Path configFile = file("etc/ferry/customer.yaml");
    Files.createDirectories(configFile.getParent());
    List<String> ferry = List.of("/usr/bin/java", "-jar", "/opt/ferry/ferry.jar");
    Files.writeString(configFile, "stack: acd-demo\nbackup:\n  share: {type: local, path: /mnt/b}\n"
        + "  schedule: \"04:45\"\n");
    ScheduleResult r = schedule().apply(CustomerConfig.read(configFile), ferry);
    assertEquals(Change.INSTALLED, r.change());
    assertTrue(Files.readString(r.files().get(0)).contains("\n45 4 * * * root /usr/bin/java -jar /opt/ferry/ferry.jar"
        + " backup --config " + configFile + " >>"), Files.readString(r.files().get(0)));

    Files.writeString(configFile, "stack: acd-demo\nbackup:\n  share: {type: local, path: /mnt/b}\n  schedule: off\n");
    assertEquals(Change.REMOVED, schedule().apply(CustomerConfig.read(configFile), ferry).change());

    assertTrue(assertThrows(ConfigException.class, () -> schedule().apply(CustomerConfig.defaultsFor("acd-demo"),
        ferry)).getMessage().contains("there is no 'backup' section"));

    Files.writeString(configFile, "stack: acd-demo\nbackup:\n  share: {type: smb, server: nas01, share: b, user: u}\n");
    CustomerConfig noPasswordFile = CustomerConfig.read(configFile);
    assertEquals(configFile + ": the nightly backup runs without a terminal, so it needs the SMB password in a file:"
        + " set backup.share.password_file (docs/onprem/shares.md, The SMB password), or set backup.schedule: off and"
        + " take backups by hand", assertThrows(ConfigException.class, () -> schedule().apply(noPasswordFile, ferry))
        .getMessage());
    assertFalse(Files.exists(file("etc/cron.d/ferry-backup-acd-demo")), "nothing installed");
  }

  /** The real systemctl, offline: it enables the timer for the root folder's systemd. */
  @Test
  void underARootSystemctlEnablesTheTimerThere() throws Exception {
    assumeTrue(SystemdUnitsTest.onPath("systemctl"), "systemctl is not installed (Debian package systemd)");
    systemdHost();
    BackupSchedule s = BackupSchedule.under(root);
    s.install(at(2, 0));
    Path wants = file("etc/systemd/system/timers.target.wants/ferry-backup-acd-demo.timer");
    assertTrue(Files.isSymbolicLink(wants), "systemctl --root enable made the link");
    assertEquals(Path.of("/etc/systemd/system/ferry-backup-acd-demo.timer"), Files.readSymbolicLink(wants));
    s.uninstall("acd-demo");
    assertFalse(Files.exists(wants, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(file("etc/systemd/system/ferry-backup-acd-demo.timer")));
  }
}
