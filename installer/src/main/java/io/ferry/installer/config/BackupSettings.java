package io.ferry.installer.config;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.NfsShareSettings;
import io.ferry.installer.share.ShareSettings;
import io.ferry.installer.share.SmbShareSettings;
import io.ferry.installer.stack.YamlTree.Mapping;
import io.ferry.installer.stack.YamlTree.YamlProblem;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code backup} section of the customer configuration: where the backups go, when the nightly
 * one runs, and whether old ones are forgotten. The contract is docs/onprem/customer-config.md.
 *
 * <p>Never holds a password: an SMB password lives in the root-only file named by
 * {@link SmbShareSettings#passwordFile()}, in FERRY_SHARE_PASSWORD or is typed when asked (see
 * {@code io.ferry.installer.backupshare.PasswordSource}), so these settings may be logged, printed
 * with --json and kept in the configuration history.
 *
 * <p>Immutable and thread-safe.
 *
 * @param share the share, as the share layer opens it
 * @param schedule the daily time of the nightly backup in this host's local time, whole minutes;
 *     null: no nightly backup ({@code schedule: off})
 * @param retention which backups {@code ferry forget} keeps; null: retention is off and every backup is
 *     kept (the default)
 * @param writeOnce the share is write-once (WORM): forget and prune refuse to run, and retention cannot
 *     be set
 */
public record BackupSettings(
    ShareSettings share,
    // "02:00" in --json output, without a Java-time module in every mapper that prints it.
    @JsonSerialize(using = ToStringSerializer.class) LocalTime schedule,
    Retention retention,
    boolean writeOnce) {
  /** When the nightly backup runs if {@code schedule} is not written. */
  public static final LocalTime DEFAULT_SCHEDULE = LocalTime.of(2, 0);
  public static final String SMB = "smb";
  public static final String NFS = "nfs";
  public static final String LOCAL = "local";

  static final List<String> KEYS = List.of("share", "schedule", "retention", "write_once");
  static final List<String> SMB_KEYS =
      List.of("type", "server", "port", "share", "folder", "domain", "user", "password_file");
  static final List<String> NFS_KEYS =
      List.of("type", "server", "export", "folder", "uid", "gid", "port", "mount_port");
  static final List<String> LOCAL_KEYS = List.of("type", "path");
  static final int MAX_KEEP_DAILY = 3650;
  static final int MAX_KEEP_WEEKLY = 520;
  private static final Map<String, String> TYPE_ALIASES = Map.of("cifs", SMB, "samba", SMB, "windows", SMB,
      "nfs3", NFS, "nfsv3", NFS, "folder", LOCAL, "file", LOCAL, "mount", LOCAL);

  /**
   * Which backups {@code ferry forget} keeps: the last backup of each of the newest {@code keepDaily}
   * days and of each of the newest {@code keepWeekly} weeks. At least one is above zero.
   */
  public record Retention(int keepDaily, int keepWeekly) {}

  public BackupSettings {
    Objects.requireNonNull(share, "share");
    if (schedule != null && (schedule.getSecond() != 0 || schedule.getNano() != 0)) {
      throw new IllegalArgumentException("the backup schedule is a time in whole minutes: " + schedule);
    }
  }

  /** A share with the defaults: nightly at {@link #DEFAULT_SCHEDULE}, no retention, not write-once. */
  public static BackupSettings of(ShareSettings share) {
    return new BackupSettings(share, DEFAULT_SCHEDULE, null, false);
  }

  /** "smb", "nfs" or "local", as {@code backup.share.type} names it. */
  public String shareType() {
    return typeOf(share);
  }

  private static String typeOf(ShareSettings s) {
    return s instanceof SmbShareSettings ? SMB : s instanceof NfsShareSettings ? NFS : LOCAL;
  }

  // ---------------------------------------------------------------------------------------------
  // Checks of settings built in code (the wizard); the reader checks each value at its line.

  /** Every problem, each starting with its key path, e.g. "backup.share.server: 'x y' is not ...". */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (share instanceof SmbShareSettings smb) {
      ConfigValues.shareServer(smb.server()).ifPresent(p -> problems.add("backup.share.server: " + p));
      ConfigValues.smbShareName(smb.share()).ifPresent(p -> problems.add("backup.share.share: " + p));
      ConfigValues.shareFolder(smb.path()).ifPresent(p -> problems.add("backup.share.folder: " + p));
      ConfigValues.smbDomain(smb.domain()).ifPresent(p -> problems.add("backup.share.domain: " + p));
      ConfigValues.smbUser(smb.user()).ifPresent(p -> problems.add("backup.share.user: " + p));
      if (smb.passwordFile() != null && !smb.passwordFile().isAbsolute()) {
        problems.add("backup.share.password_file: " + passwordFileNotAbsolute(smb.passwordFile().toString()));
      }
    } else if (share instanceof NfsShareSettings nfs) {
      ConfigValues.shareServer(nfs.server()).ifPresent(p -> problems.add("backup.share.server: " + p));
      ConfigValues.nfsExport(nfs.export()).ifPresent(p -> problems.add("backup.share.export: " + p));
      ConfigValues.shareFolder(nfs.path()).ifPresent(p -> problems.add("backup.share.folder: " + p));
    }
    if (retention != null) {
      retentionProblem(retention).ifPresent(p -> problems.add("backup.retention: " + p));
      if (writeOnce) {
        problems.add("backup.retention: " + RETENTION_ON_WORM);
      }
    }
    return problems;
  }

  private static final String RETENTION_ON_WORM = "retention is set but the share is write-once (write_once:"
      + " true), and Ferry never deletes from a write-once share; remove retention (the share's own retention"
      + " rules apply), or set write_once: false if the share is not write-once";

  private static Optional<String> retentionProblem(Retention r) {
    if (r.keepDaily() < 0 || r.keepDaily() > MAX_KEEP_DAILY || r.keepWeekly() < 0 || r.keepWeekly() > MAX_KEEP_WEEKLY) {
      return Optional.of("keep_daily must be from 0 to " + MAX_KEEP_DAILY + " and keep_weekly from 0 to "
          + MAX_KEEP_WEEKLY + " (found: " + r.keepDaily() + ", " + r.keepWeekly() + ")");
    }
    if (r.keepDaily() == 0 && r.keepWeekly() == 0) {
      return Optional.of("it keeps no backup at all; set keep_daily or keep_weekly to at least 1, or"
          + " remove retention to keep every backup");
    }
    return Optional.empty();
  }

  private static String passwordFileNotAbsolute(String text) {
    return "'" + text + "' must be an absolute path (the nightly job does not run in this folder), e.g."
        + " /etc/ferry/secrets/share-password";
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Reads and checks a {@code backup} mapping; every problem names its line and key path. */
  static BackupSettings parse(Mapping b) throws YamlProblem {
    b.allowOnly(KEYS);
    Mapping s = b.mapping("share", "a mapping with the share's type and settings, e.g. {type: local, path:"
        + " /mnt/backup/ferry}");
    if (s == null) {
      throw b.missing("share", "say where the backups go, e.g. share: {type: smb, server: nas01.example.com,"
          + " share: backup, folder: ferry, user: svc-ferry, password_file: /etc/ferry/secrets/share-password}"
          + " (docs/onprem/shares.md)");
    }
    ShareSettings share = share(s);

    LocalTime schedule = DEFAULT_SCHEDULE;
    String when = b.text("schedule", "a time of day such as \"02:00\", or off");
    if (when != null) {
      check(b, "schedule", ConfigValues.schedule(when.strip()));
      schedule = ConfigValues.scheduleTime(when.strip());
    }

    boolean writeOnce = false;
    String worm = b.text("write_once", "true or false");
    if (worm != null) {
      if (!worm.equals("true") && !worm.equals("false")) {
        throw b.problem("write_once", b.full("write_once") + " must be true (the share is write-once storage) or"
            + " false (found: " + worm + ")");
      }
      writeOnce = worm.equals("true");
    }

    Retention retention = null;
    Mapping r = b.mapping("retention", "a mapping such as {keep_daily: 7, keep_weekly: 4} (remove it to keep"
        + " every backup)");
    if (r != null) {
      r.allowOnly(List.of("keep_daily", "keep_weekly"));
      Long daily = r.wholeNumber("keep_daily", 0, MAX_KEEP_DAILY);
      Long weekly = r.wholeNumber("keep_weekly", 0, MAX_KEEP_WEEKLY);
      retention = new Retention(daily == null ? 0 : daily.intValue(), weekly == null ? 0 : weekly.intValue());
      check(b, "retention", retentionProblem(retention));
      if (writeOnce) {
        throw b.problem("retention", b.full("retention") + ": " + RETENTION_ON_WORM);
      }
    }
    return new BackupSettings(share, schedule, retention, writeOnce);
  }

  private static ShareSettings share(Mapping s) throws YamlProblem {
    String type = s.requiredText("type", "smb, nfs or local");
    switch (type) {
      case SMB -> {
        s.allowOnly(SMB_KEYS);
        String server = server(s);
        Long port = s.wholeNumber("port", 1, 65_535);
        String share = s.requiredText("share", "the share's name as in \\\\server\\share, e.g. backup");
        check(s, "share", ConfigValues.smbShareName(share));
        String folder = folder(s);
        String domain = s.text("domain", "the user's Windows domain, e.g. EXAMPLE");
        if (domain != null) {
          check(s, "domain", ConfigValues.smbDomain(domain));
        }
        String user = s.requiredText("user", "the user Ferry logs in as, e.g. svc-ferry");
        check(s, "user", ConfigValues.smbUser(user));
        Path passwordFile = null;
        String pf = s.text("password_file", "the path of the root-only file that holds the password");
        if (pf != null) {
          if (!pf.startsWith("/")) {
            throw s.problem("password_file", s.full("password_file") + ": " + passwordFileNotAbsolute(pf));
          }
          passwordFile = Path.of(pf).normalize();
        }
        return new SmbShareSettings(server, port == null ? SmbShareSettings.DEFAULT_PORT : port.intValue(), share,
            folder, domain, user, passwordFile);
      }
      case NFS -> {
        s.allowOnly(NFS_KEYS);
        String server = server(s);
        String export = s.requiredText("export", "the exported path as 'showmount -e SERVER' lists it, e.g."
            + " /srv/backup");
        check(s, "export", ConfigValues.nfsExport(export));
        String folder = folder(s);
        int uid = id(s, "uid", "user");
        int gid = id(s, "gid", "group");
        return new NfsShareSettings(server, export, folder, uid, gid, port(s, "port"), port(s, "mount_port"));
      }
      case LOCAL -> {
        s.allowOnly(LOCAL_KEYS);
        String path = s.requiredText("path", "the folder's absolute path, e.g. /mnt/backup/ferry");
        if (!path.startsWith("/")) {
          throw s.problem("path", s.full("path") + " must be an absolute path, e.g. /mnt/backup/ferry (found: " + path
              + ")");
        }
        return new LocalShareSettings(Path.of(path).normalize());
      }
      default -> {
        String alias = TYPE_ALIASES.get(type.toLowerCase(java.util.Locale.ROOT));
        throw s.problem("type", s.full("type") + ": '" + type + "' is not a kind of share Ferry knows; write "
            + (alias != null ? alias + " (" : "") + "smb for a Windows share, a NAS or Samba, nfs for an NFSv3 export,"
            + " or local for a folder this host mounts itself" + (alias != null ? ")" : ""));
      }
    }
  }

  private static String server(Mapping s) throws YamlProblem {
    String server = s.requiredText("server", "the file server's name or IP address, e.g. nas01.example.com");
    check(s, "server", ConfigValues.shareServer(server));
    return server;
  }

  private static String folder(Mapping s) throws YamlProblem {
    String folder = s.text("folder", "a folder inside the share, e.g. ferry/acd");
    if (folder == null) {
      return "";
    }
    check(s, "folder", ConfigValues.shareFolder(folder));
    return ConfigValues.shareFolderText(folder);
  }

  private static int id(Mapping s, String key, String what) throws YamlProblem {
    Long id = s.wholeNumber(key, 0, Integer.MAX_VALUE);
    if (id == null) {
      throw s.missing(key, "set it to the numeric " + what + " id the files on the export belong to, e.g. 3000"
          + " ('id svc-ferry' on the server shows it)");
    }
    return id.intValue();
  }

  private static OptionalInt port(Mapping s, String key) throws YamlProblem {
    Long port = s.wholeNumber(key, 1, 65_535);
    return port == null ? OptionalInt.empty() : OptionalInt.of(port.intValue());
  }

  private static void check(Mapping m, String key, Optional<String> problem) throws YamlProblem {
    if (problem.isPresent()) {
      throw m.problem(key, m.full(key) + ": " + problem.get());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** Appends this section as canonical, commented YAML; {@link #parse} reads it back as it was. */
  void appendYaml(StringBuilder y) {
    y.append("backup:\n");
    y.append("  # Where backups go (docs/onprem/shares.md). The SMB password is never written here.\n");
    y.append("  share:\n");
    put(y, "type", typeOf(share));
    if (share instanceof SmbShareSettings smb) {
      put(y, "server", YamlText.scalar(smb.server()));
      put(y, "port", Integer.toString(smb.port()));
      put(y, "share", YamlText.scalar(smb.share()));
      put(y, "folder", YamlText.scalar(smb.path()));
      put(y, "domain", YamlText.scalar(smb.domain()));
      put(y, "user", YamlText.scalar(smb.user()));
      if (smb.passwordFile() != null) {
        put(y, "password_file", YamlText.scalar(smb.passwordFile().toString()));
      } else {
        y.append("    #password_file:       # not set: FERRY_SHARE_PASSWORD, or asked on the terminal\n");
      }
    } else if (share instanceof NfsShareSettings nfs) {
      put(y, "server", YamlText.scalar(nfs.server()));
      put(y, "export", YamlText.scalar(nfs.export()));
      put(y, "folder", YamlText.scalar(nfs.path()));
      put(y, "uid", Integer.toString(nfs.uid()));
      put(y, "gid", Integer.toString(nfs.gid()));
      optionalPort(y, "port", nfs.port());
      optionalPort(y, "mount_port", nfs.mountPort());
    } else {
      put(y, "path", YamlText.scalar(((LocalShareSettings) share).path().toString()));
    }
    y.append("  # Daily time of the nightly backup (HH:MM, this host's local time), or off.\n");
    y.append("  schedule: ").append(schedule == null ? ConfigValues.SCHEDULE_OFF
        : YamlText.scalar(String.format("%02d:%02d", schedule.getHour(), schedule.getMinute()))).append('\n');
    y.append("  # Which backups 'ferry forget' keeps; not set: every backup is kept.\n");
    if (retention == null) {
      y.append("  #retention: {keep_daily: 7, keep_weekly: 4}\n");
    } else {
      y.append("  retention: {keep_daily: ").append(retention.keepDaily()).append(", keep_weekly: ")
          .append(retention.keepWeekly()).append("}\n");
    }
    y.append("  # true: the share is write-once (WORM) storage; Ferry then never deletes from it.\n");
    y.append("  write_once: ").append(writeOnce).append('\n');
  }

  private static void put(StringBuilder y, String key, String value) {
    y.append("    ").append(key).append(": ").append(value).append('\n');
  }

  private static void optionalPort(StringBuilder y, String key, OptionalInt port) {
    if (port.isPresent()) {
      y.append("    ").append(key).append(": ").append(port.getAsInt()).append('\n');
    } else {
      String l = "    #" + key + ":";
      y.append(l).append(" ".repeat(Math.max(1, 26 - l.length()))).append("# not set: ask the server's portmapper\n");
    }
  }

  /** What a configuration without backups says about them: a commented-out example. */
  static void appendUnsetYaml(StringBuilder y) {
    y.append("#backup:                # not set: no backups\n");
    y.append("#  share: {type: smb, server: nas01.example.com, share: backup, folder: ferry, user: svc-ferry,\n");
    y.append("#          password_file: /etc/ferry/secrets/share-password}\n");
    y.append("#  schedule: \"02:00\"\n");
  }
}
