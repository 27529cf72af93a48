package io.ferry.tui.data;

import io.ferry.installer.backup.BackupException;
import io.ferry.installer.config.BackupSettings;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.ConfigValues;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.NfsShareSettings;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.ShareSettings;
import io.ferry.installer.share.SmbShareSettings;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.TextField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The backup share's fields: its kind (SMB, NFS, a local folder; or none when installing) and the
 * settings of that kind, each checked as the answer file checks it ({@link ConfigValues},
 * {@link BackupSettings#problems}) with the message under the field. The password is kept as
 * characters only. Used on the UI thread only.
 */
final class ShareFields {
  static final String NONE = "none";
  static final String SAVE = "save";

  private final Choice kindOrNone;
  private final Choice kind;
  final TextField server = new TextField("Server", "", "the file server's name or IP address");
  final TextField port = new TextField("Port", String.valueOf(SmbShareSettings.DEFAULT_PORT),
      "the SMB port; 445 unless the server was set up otherwise");
  final TextField share = new TextField("Share", "", "the share's name as in \\\\server\\share, e.g. backup");
  final TextField export = new TextField("Export", "", "the export as 'showmount -e SERVER' lists it,"
      + " e.g. /srv/backup");
  final TextField folder = new TextField("Folder", "", "the folder inside the share that holds the"
      + " backups, e.g. ferry/acd; empty: the top");
  final TextField domain = new TextField("Domain", "", "the user's Windows domain, e.g. EXAMPLE; empty: an"
      + " account of the file server itself");
  final TextField user = new TextField("User", "", "the account Ferry logs in as, e.g. svc-ferry");
  final TextField password = new TextField("Password", "", "the user's password (shown as *); never"
      + " written to the answer file; empty: read it from the password file").masked();
  final TextField passwordFile = new TextField("Password file", "", "the root-only file the answer file"
      + " names for the nightly backup and 'ferry deploy'; empty: FERRY_SHARE_PASSWORD");
  final Choice save = Choice.many("Save password", List.of(new Choice.Option(SAVE, "", "to the password file on"
      + " Confirm (root only, mode 600)")), List.of(SAVE));
  final TextField uid = new TextField("NFS uid", "0", "the numeric user id the files on the export belong"
      + " to ('id svc-ferry' on the server)");
  final TextField gid = new TextField("NFS gid", "0", "the numeric group id");
  final TextField path = new TextField("Folder path", "", "a folder this host mounts itself, e.g."
      + " /mnt/backup/ferry");
  private boolean recover;

  ShareFields(Runnable kindChanged) {
    List<Choice.Option> kinds = List.of(
        new Choice.Option(BackupSettings.SMB, "a Windows share, a NAS or Samba (SMB 2/3)"),
        new Choice.Option(BackupSettings.NFS, "an NFSv3 export"),
        new Choice.Option(BackupSettings.LOCAL, "a folder this host mounts itself"));
    List<Choice.Option> withNone = new ArrayList<>();
    withNone.add(new Choice.Option(NONE, "no backups (none are taken, none restored)"));
    withNone.addAll(kinds);
    kindOrNone = Choice.one("Backup share", withNone, NONE).inline().onChange(c -> {
      chosen(c.selectedOne());
      kindChanged.run();
    });
    kind = Choice.one("Backup share", kinds, BackupSettings.SMB).inline().onChange(c -> {
      chosen(c.selectedOne());
      kindChanged.run();
    });
  }

  /** The two choices of the kind (with "none" when installing, without in a recovery) agree. */
  private void chosen(String k) {
    kindOrNone.select(List.of(k));
    kind.select(List.of(NONE.equals(k) ? BackupSettings.SMB : k));
  }

  void addTo(Form form) {
    form.add(kindOrNone);
    form.add(kind);
    for (TextField f : List.of(server, port, share, export, folder, domain, user, password, passwordFile)) {
      form.add(f);
    }
    form.add(save);
    form.add(uid);
    form.add(gid);
    form.add(path);
  }

  private List<TextField> fields() {
    return List.of(server, port, share, export, folder, domain, user, password, passwordFile, uid, gid, path);
  }

  /** smb, nfs, local, or {@value #NONE} (only when installing). */
  String kind() {
    return recover ? kind.selectedOne() : kindOrNone.selectedOne();
  }

  /** Shows the fields of the chosen kind; in a recovery there must be a share. */
  void layout(boolean inRecovery) {
    recover = inRecovery;
    String k = kind();
    boolean smb = BackupSettings.SMB.equals(k);
    boolean nfs = BackupSettings.NFS.equals(k);
    kindOrNone.visible(!recover);
    kind.visible(recover);
    server.visible(smb || nfs);
    port.visible(smb);
    share.visible(smb);
    export.visible(nfs);
    folder.visible(smb || nfs);
    domain.visible(smb);
    user.visible(smb);
    password.visible(smb);
    passwordFile.visible(smb);
    save.visible(smb);
    uid.visible(nfs);
    gid.visible(nfs);
    path.visible(BackupSettings.LOCAL.equals(k));
  }

  /** The fields as {@code b} has them. */
  void fill(BackupSettings b) {
    chosen(b.shareType());
    if (b.share() instanceof SmbShareSettings smb) {
      server.value(smb.server());
      port.value(String.valueOf(smb.port()));
      share.value(smb.share());
      folder.value(smb.path());
      domain.value(smb.domain());
      user.value(smb.user());
      passwordFile.value(smb.passwordFile() == null ? "" : smb.passwordFile().toString());
    } else if (b.share() instanceof NfsShareSettings nfs) {
      server.value(nfs.server());
      export.value(nfs.export());
      folder.value(nfs.path());
      uid.value(String.valueOf(nfs.uid()));
      gid.value(String.valueOf(nfs.gid()));
    } else if (b.share() instanceof LocalShareSettings local) {
      path.value(local.path().toString());
    }
  }

  /** A copy of the typed password (empty: none); the caller wipes it. */
  char[] password() {
    return password.chars();
  }

  /** Whether the typed password is to be written to the password file on Confirm. */
  boolean savePassword() {
    char[] typed = password.chars();
    boolean any = typed.length > 0;
    Arrays.fill(typed, '\0');
    return any && BackupSettings.SMB.equals(kind()) && !passwordFile.value().isEmpty() && save.selected().contains(SAVE);
  }

  // ---------------------------------------------------------------------------------------------
  // The settings, checked

  /**
   * The backup section the fields describe, or null when a field is wrong (its message is set) or no
   * share is chosen.
   *
   * @param before the section the answer file had: its schedule, retention and write-once setting are
   *     not on this screen and are kept
   * @param elsewhere takes a problem that belongs to no field
   */
  BackupSettings settings(BackupSettings before, Consumer<String> elsewhere) {
    fields().forEach(f -> f.problem(null));
    ShareSettings s = switch (kind()) {
      case BackupSettings.SMB -> smb();
      case BackupSettings.NFS -> nfs();
      case BackupSettings.LOCAL -> local();
      default -> null;
    };
    if (s == null) {
      return null;
    }
    BackupSettings b = before == null ? BackupSettings.of(s)
        : new BackupSettings(s, before.schedule(), before.retention(), before.writeOnce());
    List<String> problems = b.problems();
    problems.forEach(p -> route(p, elsewhere));
    return problems.isEmpty() ? b : null;
  }

  /** {@link #settings} without touching the messages on screen (to compare, not to check). */
  BackupSettings quietSettings(BackupSettings before) {
    List<String> shown = fields().stream().map(TextField::problem).toList();
    BackupSettings b = settings(before, p -> {});
    for (int i = 0; i < shown.size(); i++) {
      fields().get(i).problem(shown.get(i));
    }
    return b;
  }

  /** What identifies one connection: the settings and the password (its hash only: no String of it is made). */
  String key(BackupSettings b) {
    char[] typed = password.chars();
    try {
      return b.share() + "|" + Arrays.hashCode(typed);
    } finally {
      Arrays.fill(typed, '\0');
    }
  }

  private ShareSettings smb() {
    boolean ok = check(server, required(server, "write the file server's name or IP address, e.g."
        + " nas01.example.com").or(() -> ConfigValues.shareServer(server.value())));
    OptionalInt p = number(port, 1, 65_535, "write the SMB port, a number from 1 to 65535 (445 unless the server"
        + " was set up otherwise)");
    ok &= p.isPresent();
    ok &= check(share, ConfigValues.smbShareName(share.value()));
    ok &= check(folder, ConfigValues.shareFolder(folder.value()));
    ok &= check(domain, ConfigValues.smbDomain(domain.value()));
    ok &= check(user, required(user, "write the account Ferry logs in as, e.g. svc-ferry")
        .or(() -> ConfigValues.smbUser(user.value())));
    Path file = null;
    if (!passwordFile.value().isEmpty()) {
      if (!passwordFile.value().startsWith("/")) {
        ok &= check(passwordFile, Optional.of("write an absolute path, e.g. /etc/ferry/secrets/share-password"));
      } else {
        file = Path.of(passwordFile.value()).normalize();
      }
    }
    char[] typed = password.chars();
    if (typed.length == 0 && passwordFile.value().isEmpty()) {
      ok &= check(password, Optional.of("type the password, or name the password file that holds it"));
    }
    Arrays.fill(typed, '\0');
    return ok ? new SmbShareSettings(server.value(), p.getAsInt(), share.value(),
        ConfigValues.shareFolderText(folder.value()), domain.value(), user.value(), file) : null;
  }

  private ShareSettings nfs() {
    boolean ok = check(server, required(server, "write the NFS server's name or IP address, e.g. nfs01.example.com")
        .or(() -> ConfigValues.shareServer(server.value())));
    ok &= check(export, ConfigValues.nfsExport(export.value()));
    ok &= check(folder, ConfigValues.shareFolder(folder.value()));
    OptionalInt u = number(uid, 0, Integer.MAX_VALUE, "write the numeric user id, e.g. 3000 ('id svc-ferry' on the"
        + " server shows it)");
    OptionalInt g = number(gid, 0, Integer.MAX_VALUE, "write the numeric group id, e.g. 3000");
    ok &= u.isPresent() && g.isPresent();
    return ok ? new NfsShareSettings(server.value(), export.value(), ConfigValues.shareFolderText(folder.value()),
        u.getAsInt(), g.getAsInt()) : null;
  }

  private ShareSettings local() {
    if (!path.value().startsWith("/")) {
      check(path, Optional.of("write the folder's absolute path, e.g. /mnt/backup/ferry"));
      return null;
    }
    return new LocalShareSettings(Path.of(path.value()).normalize());
  }

  private static Optional<String> required(TextField f, String what) {
    return f.value().isEmpty() ? Optional.of(what) : Optional.empty();
  }

  private static boolean check(TextField f, Optional<String> problem) {
    problem.ifPresent(f::problem);
    return problem.isEmpty();
  }

  private static OptionalInt number(TextField f, int min, int max, String what) {
    try {
      long n = Long.parseLong(f.value());
      if (n >= min && n <= max) {
        return OptionalInt.of((int) n);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    f.problem(what);
    return OptionalInt.empty();
  }

  /** A problem of {@link BackupSettings#problems}, next to the field its key names. */
  private void route(String problem, Consumer<String> elsewhere) {
    int colon = problem.indexOf(':');
    String key = colon < 0 ? "" : problem.substring(0, colon);
    TextField field = switch (key) {
      case "backup.share.server" -> server;
      case "backup.share.share" -> share;
      case "backup.share.folder" -> folder;
      case "backup.share.domain" -> domain;
      case "backup.share.user" -> user;
      case "backup.share.password_file" -> passwordFile;
      case "backup.share.export" -> export;
      default -> null;
    };
    if (field != null) {
      field.problem(problem.substring(colon + 1).strip());
    } else {
      elsewhere.accept(problem);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Where a failure to connect is shown

  /**
   * The field a failure to open the share is about: the password (file) for a configuration problem,
   * the server when it cannot be reached, the password when it refuses the login, the share, export or
   * folder when one does not exist; null when it is about none.
   */
  TextField fieldFor(Exception e, String message) {
    TextField at = null;
    if (e instanceof ConfigException) {
      at = message.contains("password_file") ? passwordFile : password;
    } else if (e instanceof ShareException se) {
      at = fieldFor(se.kind(), message);
    } else if (e instanceof BackupException be) {
      at = be.kind() == BackupException.Kind.NOT_A_REPOSITORY ? (BackupSettings.LOCAL.equals(kind()) ? path : folder)
          : be.shareKind().map(k -> fieldFor(k, message)).orElse(null);
    }
    return at != null && at.visible() ? at : null;
  }

  private TextField fieldFor(ShareException.Kind k, String message) {
    if (BackupSettings.LOCAL.equals(kind())) {
      return path;
    }
    boolean smb = BackupSettings.SMB.equals(kind());
    return switch (k) {
      case UNREACHABLE, TIMEOUT -> server;
      case AUTHENTICATION -> smb ? password : uid;
      case NOT_FOUND -> message.contains("has no share") ? share : message.contains("has no export") ? export : folder;
      case PERMISSION_DENIED -> smb ? user : uid;
      case FULL, IO -> null;
    };
  }

  /** The first visible field with a message, or null. */
  TextField firstProblem() {
    return fields().stream().filter(f -> f.visible() && f.problem() != null).findFirst().orElse(null);
  }
}
