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
}
