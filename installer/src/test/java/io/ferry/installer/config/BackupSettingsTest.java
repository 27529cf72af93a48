package io.ferry.installer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.installer.config.BackupSettings.Retention;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.NfsShareSettings;
import io.ferry.installer.share.SmbShareSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code backup} section and {@code data.source: backup} of customer.yaml. */
class BackupSettingsTest {
  static final String SMB_EXAMPLE = """
      stack: acd-demo
      backup:
        share:
          type: smb
          server: nas01.example.com
          port: 445
          share: backup
          folder: ferry/acd
          domain: EXAMPLE
          user: svc-ferry
          password_file: /etc/ferry/secrets/share-password
        schedule: "02:30"
        retention: {keep_daily: 7, keep_weekly: 4}
      data:
        source: backup
        snapshot: 2024-06-01T02-30-00Z
      """;

  @TempDir Path dir;
  Path file;
  ConfigFile config;

  @BeforeEach
  void setUp() {
    file = dir.resolve("customer.yaml");
    config = new ConfigFile(file);
  }

  /** A file with a backup section whose share mapping is {@code share} (flow style). */
  String failureOfShare(String share) throws Exception {
    return config.failure("stack: acd-demo\nbackup:\n  share: " + share + "\n");
  }

  @Test
  void readsAnSmbShare() throws Exception {
    CustomerConfig c = config.read(SMB_EXAMPLE);
    BackupSettings b = c.backup();
    assertEquals(new SmbShareSettings("nas01.example.com", 445, "backup", "ferry/acd", "EXAMPLE", "svc-ferry",
        Path.of("/etc/ferry/secrets/share-password")), b.share());
    assertEquals("smb", b.shareType());
    assertEquals(LocalTime.of(2, 30), b.schedule());
    assertEquals(new Retention(7, 4), b.retention());
    assertFalse(b.writeOnce());
    assertEquals("backup", c.dataSource());
    assertTrue(c.restoresFromBackup());
    assertEquals("2024-06-01T02-30-00Z", c.dataSnapshot());
    String json = new ObjectMapper().writeValueAsString(b);
    assertTrue(json.contains("\"schedule\":\"02:30\"") && json.contains("\"keepDaily\":7"), json);
  }

  @Test
  void smbDefaults() throws Exception {
    BackupSettings b = config.read("stack: acd-demo\nbackup:\n  share: {type: smb, server: 10.0.0.5, share: backup$,"
        + " user: svc-ferry}\n").backup();
    assertEquals(new SmbShareSettings("10.0.0.5", 445, "backup$", "", "", "svc-ferry", null), b.share());
    assertEquals(BackupSettings.DEFAULT_SCHEDULE, b.schedule(), "nightly at 02:00 unless said otherwise");
    assertNull(b.retention(), "retention is off unless set");
    assertFalse(b.writeOnce());
  }

  @Test
  void readsAnNfsShare() throws Exception {
    BackupSettings b = config.read("""
        stack: acd-demo
        backup:
          share: {type: nfs, server: nfs01.example.com, export: /srv/backup, folder: /ferry/acd/, uid: 3000,
                  gid: 3001, port: 2049, mount_port: 20048}
          schedule: "3:05"
          write_once: true
        """).backup();
    assertEquals(new NfsShareSettings("nfs01.example.com", "/srv/backup", "ferry/acd", 3000, 3001, OptionalInt.of(2049),
        OptionalInt.of(20048)), b.share(), "slashes around the folder are dropped");
    assertEquals(LocalTime.of(3, 5), b.schedule());
    assertTrue(b.writeOnce());
    assertEquals(new NfsShareSettings("nfs01", "/x", "", 0, 0), config.read("stack: acd-demo\nbackup:\n  share:"
        + " {type: nfs, server: nfs01, export: /x, uid: 0, gid: 0}\n").backup().share(), "ports from the portmapper");
  }

  @Test
  void readsALocalFolderAndScheduleOff() throws Exception {
    BackupSettings b = config.read("stack: acd-demo\nbackup:\n  share: {type: local, path: /mnt/backup/ferry/}\n"
        + "  schedule: off\n").backup();
    assertEquals(new LocalShareSettings(Path.of("/mnt/backup/ferry")), b.share());
    assertNull(b.schedule(), "off: no nightly backup");
  }

  @Test
  void withoutBackupSection() throws Exception {
    CustomerConfig c = config.read("stack: acd-demo\n");
    assertNull(c.backup());
    assertEquals("vanilla", c.dataSource());
    assertFalse(c.restoresFromBackup());
    assertNull(c.dataSnapshot());
  }

  @Test
  void unknownAndMissingKeysPerType() throws Exception {
    assertEquals(file + " line 3: unknown key 'uid' in 'backup.share' (known: type, server, port, share, folder,"
        + " domain, user, password_file)", failureOfShare("{type: smb, uid: 3000, server: a, share: b, user: c}"));
    assertEquals(file + " line 3: unknown key 'share' in 'backup.share' (known: type, server, export, folder, uid,"
        + " gid, port, mount_port)", failureOfShare("{type: nfs, share: b}"));
    assertEquals(file + " line 3: unknown key 'server' in 'backup.share' (known: type, path)",
        failureOfShare("{type: local, server: a}"));
    assertEquals(file + " line 3: unknown key 'passwd_file' in 'backup.share' (did you mean 'password_file'? known:"
        + " type, server, port, share, folder, domain, user, password_file)",
        failureOfShare("{type: smb, server: a, share: b, user: c, passwd_file: /x}"));
    assertEquals(file + " line 3: unknown key 'shedule' in 'backup' (did you mean 'schedule'? known: share,"
        + " schedule, retention, write_once)", config.failure("stack: acd-demo\nbackup:\n  shedule: \"02:00\"\n"
        + "  share: {type: local, path: /x}\n"));
    assertEquals(file + " line 3: required key 'backup.share.type' is missing; set it to smb, nfs or local",
        failureOfShare("{server: a}"));
    assertEquals(file + " line 3: required key 'backup.share.user' is missing; set it to the user Ferry logs in as,"
        + " e.g. svc-ferry", failureOfShare("{type: smb, server: a, share: b}"));
    assertEquals(file + " line 3: required key 'backup.share.export' is missing; set it to the exported path as"
        + " 'showmount -e SERVER' lists it, e.g. /srv/backup", failureOfShare("{type: nfs, server: a}"));
    assertEquals(file + " line 3: required key 'backup.share.uid' is missing; set it to the numeric user id the"
        + " files on the export belong to, e.g. 3000 ('id svc-ferry' on the server shows it)",
        failureOfShare("{type: nfs, server: a, export: /x, gid: 1}"));
    assertEquals(file + " line 3: required key 'backup.share.path' is missing; set it to the folder's absolute path,"
        + " e.g. /mnt/backup/ferry", failureOfShare("{type: local}"));
    assertTrue(config.failure("stack: acd-demo\nbackup:\n  schedule: \"02:00\"\n")
        .startsWith(file + " line 3: required key 'backup.share' is missing; say where the backups go"));
  }

  @Test
  void anUnknownTypeSuggestsTheRightOne() throws Exception {
    assertEquals(file + " line 3: backup.share.type: 'cifs' is not a kind of share Ferry knows; write smb (smb for a"
        + " Windows share, a NAS or Samba, nfs for an NFSv3 export, or local for a folder this host mounts itself)",
        failureOfShare("{type: cifs}"));
    assertTrue(failureOfShare("{type: ftp}").contains("'ftp' is not a kind of share Ferry knows; write smb for a"));
  }

  @Test
  void valuesAreCheckedAtTheirLine() throws Exception {
    String head = "stack: acd-demo\nbackup:\n  share:\n    type: smb\n    share: backup\n    user: svc\n";
    assertEquals(file + " line 7: backup.share.server: '//nas01/backup' is not a server name: write the server's"
        + " name only, e.g. nas01.example.com; the share and folder have keys of their own",
        config.failure(head + "    server: //nas01/backup\n"));
    assertEquals(file + " line 7: backup.share.server: 'nas01:445' is not a server name: write the server's name"
        + " only; the port goes under 'port'", config.failure(head + "    server: nas01:445\n"));
    assertEquals(file + " line 7: backup.share.server: 'nas_01' is not a server name: '_' is not allowed in host"
        + " names; use '-' instead (nas-01)", config.failure(head + "    server: nas_01\n"));
    String withServer = head + "    server: fd00::5\n";
    assertEquals(file + " line 8: backup.share.port must be a whole number from 1 to 65535 (found: 70000)",
        config.failure(withServer + "    port: 70000\n"));
    assertEquals(file + " line 8: backup.share.folder: invalid share path 'ferry/../etc': it contains '..'; write a"
        + " folder inside the share, e.g. ferry/acd (or \"\" for its top)",
        config.failure(withServer + "    folder: ferry/../etc\n"));
    assertEquals(file + " line 6: backup.share.user: 'EXAMPLE\\svc' has a domain in it; write domain: EXAMPLE and"
        + " user: svc", config.failure(withServer.replace("user: svc", "user: EXAMPLE\\svc")));
    assertEquals(file + " line 5: backup.share.share: 'backup/ferry' is not a share name: write the share's name"
        + " only (e.g. backup); a folder inside it goes under 'folder'",
        config.failure(withServer.replace("share: backup", "share: backup/ferry")));
    assertEquals(file + " line 8: backup.share.password_file: 'secrets/pw' must be an absolute path (the nightly"
        + " job does not run in this folder), e.g. /etc/ferry/secrets/share-password",
        config.failure(withServer + "    password_file: secrets/pw\n"));
    assertEquals(file + " line 3: backup.share.uid must be a whole number from 0 to 2147483647 (found: -1)",
        failureOfShare("{type: nfs, server: a, export: /x, uid: -1, gid: 0}"));
    assertEquals(file + " line 3: backup.share.gid must be a whole number from 0 to 2147483647 (found: 4294967295)",
        failureOfShare("{type: nfs, server: a, export: /x, uid: 1, gid: 4294967295}"));
    assertEquals(file + " line 3: backup.share.mount_port must be a whole number from 1 to 65535 (found: 0)",
        failureOfShare("{type: nfs, server: a, export: /x, uid: 1, gid: 1, mount_port: 0}"));
    assertEquals(file + " line 3: backup.share.export: 'srv/backup' is not an export: write the path as 'showmount -e"
        + " SERVER' lists it, e.g. /srv/backup", failureOfShare("{type: nfs, server: a, export: srv/backup}"));
    assertEquals(file + " line 3: backup.share.path must be an absolute path, e.g. /mnt/backup/ferry (found:"
        + " backup)", failureOfShare("{type: local, path: backup}"));
  }

  @Test
  void scheduleAndRetentionAreChecked() throws Exception {
    String head = "stack: acd-demo\nbackup:\n  share: {type: local, path: /mnt/b}\n";
    for (String bad : List.of("2am", "24:00", "02:60", "02:00:00", "\"\"", "daily")) {
      assertTrue(config.failure(head + "  schedule: " + bad + "\n").startsWith(file + " line 4: backup.schedule: '"),
          bad);
    }
    assertEquals(file + " line 4: backup.schedule: '2am' is not a time of day: write HH:MM on a 24-hour clock in this"
        + " host's local time, e.g. \"02:00\" or \"23:30\", or off for no nightly backup",
        config.failure(head + "  schedule: 2am\n"));
    assertEquals(LocalTime.of(23, 59), config.read(head + "  schedule: 23:59\n").backup().schedule(),
        "unquoted, which YAML 1.1 would read as a number, is still the time written");
    assertEquals(file + " line 4: backup.retention: it keeps no backup at all; set keep_daily or keep_weekly to at"
        + " least 1, or remove retention to keep every backup",
        config.failure(head + "  retention: {keep_daily: 0}\n"));
    assertEquals(new Retention(0, 8), config.read(head + "  retention: {keep_weekly: 8}\n").backup().retention());
    assertEquals(file + " line 4: backup.retention.keep_daily must be a whole number from 0 to 3650 (found: 5000)",
        config.failure(head + "  retention: {keep_daily: 5000}\n"));
    assertEquals(file + " line 4: unknown key 'keep_monthly' in 'backup.retention' (known: keep_daily,"
        + " keep_weekly)", config.failure(head + "  retention: {keep_monthly: 3}\n"));
    assertEquals(file + " line 4: backup.write_once must be true (the share is write-once storage) or false (found:"
        + " yes)", config.failure(head + "  write_once: yes\n"));
    assertEquals(file + " line 5: backup.retention: retention is set but the share is write-once (write_once: true),"
        + " and Ferry never deletes from a write-once share; remove retention (the share's own retention rules"
        + " apply), or set write_once: false if the share is not write-once",
        config.failure(head + "  write_once: true\n  retention: {keep_daily: 7}\n"));
  }

  @Test
  void dataSourceBackupNeedsAShare() throws Exception {
    assertEquals(file + " line 2: data.source is backup but there is no backup share to restore from; add the"
        + " 'backup' section with your share (docs/onprem/customer-config.md), or write source: vanilla",
        config.failure("stack: acd-demo\ndata: {source: backup}\n"));
    assertEquals(file + " line 3: data.snapshot names a backup to restore, but data.source is not backup; write"
        + " source: backup, or remove snapshot", config.failure("stack: acd-demo\ndata:\n  snapshot: abc\n"));
    assertTrue(config.failure(SMB_EXAMPLE.replace("2024-06-01T02-30-00Z", "\"../x\""))
        .startsWith(file + " line 16: data.snapshot: '../x' is not a snapshot name: copy it from what 'ferry backups'"
            + " lists"));
    assertEquals("backup", config.read("data: {source: backup}\nstack: acd-demo\nbackup:\n  share: {type: local,"
        + " path: /b}\n").dataSource(), "the backup section may come after data");
  }

  @Test
  void writeThenReadGivesTheSameConfig() throws Exception {
    for (String yaml : List.of(SMB_EXAMPLE,
        "stack: acd-demo\nbackup:\n  share: {type: smb, server: 10.0.0.5, share: \"backup$\", user: svc}\n"
            + "  schedule: off\n",
        "stack: acd-demo\nbackup:\n  share: {type: nfs, server: nfs01, export: /srv/backup, uid: 3000, gid: 3000,"
            + " mount_port: 20048}\n  write_once: true\n",
        "stack: acd-demo\nbackup:\n  share: {type: local, path: /mnt/backup/ferry}\n  schedule: \"00:05\"\n"
            + "data: {source: backup}\n",
        "stack: acd-demo\n")) {
      CustomerConfig x = config.read(yaml);
      Path copy = dir.resolve("copy.yaml");
      x.write(copy);
      CustomerConfig y = CustomerConfig.read(copy);
      assertEquals(x.backup(), y.backup(), Files.readString(copy));
      assertEquals(x.dataSource(), y.dataSource());
      assertEquals(x.dataSnapshot(), y.dataSnapshot());
    }
  }

  @Test
  void theWrittenFileExplainsTheSection() throws Exception {
    String smb = config.read(SMB_EXAMPLE).toYaml();
    assertTrue(smb.contains("""
        backup:
          # Where backups go (docs/onprem/shares.md). The SMB password is never written here.
          share:
            type: smb
            server: nas01.example.com
            port: 445
            share: backup
            folder: ferry/acd
            domain: EXAMPLE
            user: svc-ferry
            password_file: /etc/ferry/secrets/share-password
          # Daily time of the nightly backup (HH:MM, this host's local time), or off.
          schedule: "02:30"
          # Which backups 'ferry forget' keeps; not set: every backup is kept.
          retention: {keep_daily: 7, keep_weekly: 4}
          # true: the share is write-once (WORM) storage; Ferry then never deletes from it.
          write_once: false
        """), smb);
    assertTrue(smb.contains("data:\n  source: backup\n  snapshot: 2024-06-01T02-30-00Z\n"), smb);
    String none = config.read("stack: acd-demo\n").toYaml();
    assertTrue(none.contains("\n#backup:                # not set: no backups\n"), none);
    assertTrue(none.contains("\n  #snapshot:            # only with source: backup\n"), none);
  }

  @Test
  void validationChecksBackupSettingsBuiltInCode() throws Exception {
    BackupSettings bad = new BackupSettings(new SmbShareSettings("nas 01", 445, "back|up", "a/../b", "EX\\AMPLE",
        "svc", Path.of("relative/pw")), LocalTime.of(2, 0), new Retention(0, 0), true);
    CustomerConfig c = new CustomerConfig(file, "acd-demo", null, null, List.of(), List.of(), null, Map.of(), Map.of(),
        null, null, bad, "backup", "bad/name", null);
    ConfigException e = assertThrows(ConfigException.class, () -> c.validateAgainst(CustomerConfigTest.sample()));
    List<String> p = e.problems();
    assertEquals(8, p.size(), e.getMessage());
    assertTrue(p.get(0).startsWith(file + ": backup.share.server: 'nas 01' is not a server name"), p.get(0));
    assertTrue(p.get(1).startsWith(file + ": backup.share.share: 'back|up' is not a share name"), p.get(1));
    assertTrue(p.get(2).startsWith(file + ": backup.share.folder: invalid share path 'a/../b'"), p.get(2));
    assertTrue(p.get(3).startsWith(file + ": backup.share.domain: 'EX\\AMPLE' is not a domain name"), p.get(3));
    assertTrue(p.get(4).startsWith(file + ": backup.share.password_file: 'relative/pw' must be an absolute path"));
    assertTrue(p.get(5).startsWith(file + ": backup.retention: it keeps no backup at all"), p.get(5));
    assertTrue(p.get(6).startsWith(file + ": backup.retention: retention is set but the share is write-once"));
    assertTrue(p.get(7).startsWith(file + ": data.snapshot: 'bad/name' is not a snapshot name"), p.get(7));

    CustomerConfig noShare = new CustomerConfig(file, "acd-demo", null, null, List.of(), List.of(), null, Map.of(),
        Map.of(), null, null, null, "backup", null, null);
    assertEquals(List.of(file + ": data.source is backup but there is no backup share to restore from; add the"
        + " 'backup' section with your share (docs/onprem/customer-config.md), or write source: vanilla"),
        assertThrows(ConfigException.class, () -> noShare.validateAgainst(CustomerConfigTest.sample())).problems());

    CustomerConfig fine = new CustomerConfig(file, "acd-demo", null, null, List.of(), List.of(), null, Map.of(),
        Map.of(), null, null, BackupSettings.of(new LocalShareSettings(Path.of("/mnt/b"))), "backup", null, null);
    assertEquals(fine.backup(), fine.validateAgainst(CustomerConfigTest.sample()).backup());
    assertThrows(IllegalArgumentException.class, () -> new BackupSettings(new LocalShareSettings(Path.of("/b")),
        LocalTime.of(2, 0, 30), null, false), "the schedule is whole minutes");
  }
}
