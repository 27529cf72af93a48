package io.ferry.installer.backupshare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.ShareTestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * customer.yaml to an open share, against the test bed's real Samba and NFS servers
 * ({@code scripts/testbed.sh smb nfs}): the password from the root-only file the test bed wrote, and a
 * wrong one from FERRY_SHARE_PASSWORD, which must be reported as such and never shown.
 */
class BackupShareIT {
  static final Properties SMB = ShareTestBed.load("smb");
  static final Properties NFS = ShareTestBed.load("nfs");
  static final String WRONG = "Wr0ng-but-still-secret";

  @TempDir Path dir;

  CustomerConfig config(String share) throws Exception {
    Path file = dir.resolve("customer.yaml");
    Files.writeString(file, "stack: acd-demo\nbackup:\n  share: " + share + "\n");
    return CustomerConfig.read(file);
  }

  String smb(boolean withPasswordFile) {
    return "{type: smb, server: " + SMB.getProperty("smb.server") + ", port: " + SMB.getProperty("smb.port")
        + ", share: " + SMB.getProperty("smb.share") + ", user: " + SMB.getProperty("smb.user")
        + (withPasswordFile ? ", password_file: " + SMB.getProperty("smb.passwordFile") : "") + "}";
  }

  @Test
  void smbWithThePasswordFile() throws Exception {
    try (Share share = BackupShare.open(config(smb(true)), PasswordSource.withoutPrompt())) {
      assertEquals("smb://127.0.0.1:" + SMB.getProperty("smb.port") + "/" + SMB.getProperty("smb.share"),
          share.describe());
      share.list("");
    }
  }

  @Test
  void nfsNeedsNoPassword() throws Exception {
    String nfs = "{type: nfs, server: " + NFS.getProperty("nfs.server") + ", export: " + NFS.getProperty("nfs.export")
        + ", uid: " + NFS.getProperty("nfs.uid") + ", gid: " + NFS.getProperty("nfs.gid") + "}";
    try (Share share = BackupShare.open(config(nfs), BackupShareTest.NEVER_ASKED)) {
      share.list("");
    }
  }

  @Test
  void aWrongPasswordFromTheEnvironmentSaysWhereItCameFrom() throws Exception {
    CustomerConfig c = config(smb(false));
    PasswordSource env = new PasswordSource(Map.of(PasswordSource.ENVIRONMENT_VARIABLE, WRONG)::get, p -> null, 0);
    ShareException e = assertThrows(ShareException.class, () -> BackupShare.open(c, env));
    assertEquals(ShareException.Kind.AUTHENTICATION, e.kind());
    assertTrue(e.getMessage().endsWith(" (the password came from the environment variable FERRY_SHARE_PASSWORD)"),
        e.getMessage());
    assertFalse(BackupShareTest.trace(e).contains(WRONG), BackupShareTest.trace(e));

    ProbeRun run = ProbeRun.run(dir, Map.of(PasswordSource.ENVIRONMENT_VARIABLE, WRONG), "--config",
        c.file().toString(), "--json");
    assertEquals(ShareProbe.SHARE_FAILED, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("refused the user"), run.toString());
    assertTrue(run.log().contains("refused the user"), run.toString());
    assertFalse(run.stdout().contains(WRONG) || run.stderr().contains(WRONG) || run.log().contains(WRONG),
        run.toString());
  }

  @Test
  void theWizardsTypedPasswordOpensTheShareBeforeThePasswordFileExists() throws Exception {
    String password = Files.readString(Path.of(SMB.getProperty("smb.passwordFile"))).strip();
    // A folder of this test's own: others use the share at the same time.
    String folder = "it-wiz-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Path onServer = Files.createDirectory(Path.of(SMB.getProperty("smb.dir")).resolve(folder));
    try {
      var users = onServer.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(onServer, users.lookupPrincipalByName(SMB.getProperty("smb.user")));
      Path notYet = dir.resolve("secrets/share-password");
      CustomerConfig c = config(smb(false).replace("}", ", folder: " + folder + ", password_file: " + notYet + "}"));
      ShareSnapshots.Listing l = ShareSnapshots.list(c, PasswordSource.of(password.toCharArray()));
      assertFalse(l.repository(), "an empty folder: no backups yet");
      assertTrue(l.where().startsWith("smb://127.0.0.1:" + SMB.getProperty("smb.port") + "/"), l.where());
      assertTrue(l.where().contains(folder), l.where());
    } finally {
      Files.delete(onServer);
    }
    CustomerConfig c = config(smb(false));

    ShareException e = assertThrows(ShareException.class, () -> ShareSnapshots.list(c,
        PasswordSource.of(WRONG.toCharArray())));
    assertEquals(ShareException.Kind.AUTHENTICATION, e.kind());
    assertTrue(e.getMessage().endsWith(" (the password came from the password typed in the wizard)"), e.getMessage());
    assertFalse(BackupShareTest.trace(e).contains(WRONG), BackupShareTest.trace(e));
  }
}
