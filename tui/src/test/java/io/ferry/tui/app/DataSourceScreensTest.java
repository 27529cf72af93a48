package io.ferry.tui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.SmbShareSettings;
import io.ferry.tui.wizard.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * The data source screen of an installation: vanilla or a backup share (SMB, NFS, a local folder),
 * "Test connection" with the snapshots it finds or the share's message at the field it is about, what
 * the host becomes, and what lands in the answer file (never the password).
 */
class DataSourceScreensTest extends WizardScreens {
  static final String PASSWORD = "s3cret-Pa55 word";

  Path secret;

  /** Welcome -> Bundle (verified) -> Configuration -> Data source. */
  void toDataSource() throws Exception {
    press(KeyType.F10);
    press(KeyType.Enter);
    press(KeyType.F10, KeyType.F10);
    assertEquals(Step.DATA_SOURCE, wizard.step());
  }

  /** Chooses "backup" and "smb" and fills in the share; the focus ends on the server field. */
  void backupFromSmb() throws Exception {
    secret = dir.resolve("secrets").resolve("demo-share-password");
    press(KeyType.Tab);          // vanilla -> backup
    type(" ");
    press(KeyType.Tab, KeyType.Tab); // none -> smb
    type(" ");
    press(KeyType.Tab, KeyType.Tab, KeyType.Tab); // past nfs, local: Server
    type("nas01.example.com");
    press(KeyType.Tab, KeyType.Tab);              // Port keeps 445: Share
    type("backup");
    press(KeyType.Tab);
    type("ferry/demo");
    press(KeyType.Tab, KeyType.Tab);              // no domain: User
    type("svc-ferry");
    press(KeyType.Tab);
    type(PASSWORD);
    press(KeyType.Tab);                           // the password file: where this test may write
    for (int i = 0; i < 40; i++) {
      press(KeyType.Backspace);
    }
    type(secret.toString());
  }

  @Test
  void vanillaNeedsNoShareAndSaysWhatTheHostBecomes() throws Exception {
    toDataSource();
    assertShows("Step 4 of 7: Data source");
    assertShows("Data source:       (*) vanilla the bundle's initial data: a new installation");
    assertShows("( ) backup");
    assertShows("Backup share:      (*) none  ( ) smb  ( ) nfs  ( ) local");
    assertFalse(screen().contains("Server:"), "no share: no share fields");
    assertShows("What happens: This host has no data of demo -> start 1.0.0 with the bundle's vanilla data");
    assertShows("F5 test connection");
    press(KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step());
    CustomerConfig planned = installer.planned.get(0);
    assertEquals("vanilla", planned.dataSource());
    assertNull(planned.backup());
  }

  @Test
  void testConnectionListsTheSnapshotsAndTheAnswerFileNamesThePasswordFileNotThePassword() throws Exception {
    toDataSource();
    backupFromSmb();
    assertShows("Test the connection (F5) to see the backups and what this host becomes.");
    assertShows("Password:         [" + "*".repeat(PASSWORD.length()));
    assertFalse(screen().contains(PASSWORD), "the password is masked");
    press(KeyType.F5);
    assertEquals(PASSWORD, installer.passwords.get(installer.passwords.size() - 1), "the share got the typed password");
    SmbShareSettings smb = (SmbShareSettings) installer.probed.get(0).backup().share();
    assertEquals("nas01.example.com", smb.server());
    assertEquals(445, smb.port());
    assertEquals("ferry/demo", smb.path());
    assertShows("Connected to smb://nas01.example.com:445/backup/ferry/demo (user svc-ferry): 3 backups:");
    assertShows("Restore:           (*) newest");
    assertShows("( ) 2026-11-21 02:00 demo 1.0.0, host desk01, 12.3 MiB");
    assertShows("( ) 2026-11-21 01:00 DAMAGED: the document's content");
    assertShows("What happens: This host has no data of demo; the share holds a backup of release 1.0.0 from"
        + " 2026-11-21 02:00 UTC (host desk01, 12.3 MiB) -> restore it and start 1.0.0 (the same release)");
    capture("data-source-tested");

    press(KeyType.ArrowDown, KeyType.ArrowDown); // newest, 02:00, the damaged one: refused at Next
    type(" ");
    press(KeyType.F10);
    assertEquals(Step.DATA_SOURCE, wizard.step());
    assertShows("this backup cannot be restored (the document's content");
    press(KeyType.ArrowUp);               // the one of 02:00
    type(" ");
    press(KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step());
    CustomerConfig planned = installer.planned.get(installer.planned.size() - 1);
    assertEquals("backup", planned.dataSource());
    assertEquals("20261121T020000Z-3333333333cc", planned.dataSnapshot());
    assertShows("4. data: restore the backup 20261121T020000Z-3333333333cc from smb://nas01.example.com:445");
    assertShows("Confirm also writes the share's password to " + secret + " (root only, mode 600)");
    assertFalse(Files.exists(secret), "nothing is written before Confirm");
    assertFalse(Files.exists(answers.answerFile));
    press(KeyType.PageUp);                // the top of the summary: what the host becomes
    assertShows("This host has no data of demo; the share holds a backup of release 1.0.0");
    press(KeyType.PageDown);

    press(KeyType.F10);                   // Confirm
    assertEquals(Step.DONE, wizard.step());
    assertEquals(PASSWORD, installer.deployPassword, "the deploy opens the share with the typed password");
    String saved = Files.readString(answers.answerFile);
    assertFalse(saved.contains(PASSWORD), saved);
    CustomerConfig c = CustomerConfig.read(answers.answerFile);
    assertEquals("backup", c.dataSource());
    assertEquals("20261121T020000Z-3333333333cc", c.dataSnapshot());
    assertEquals(new SmbShareSettings("nas01.example.com", 445, "backup", "ferry/demo", "", "svc-ferry", secret),
        c.backup().share());
    assertEquals(PASSWORD + "\n", Files.readString(secret));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    assertShows("Backups go to smb://nas01.example.com:445/backup/ferry/demo (user svc-ferry): 'ferry backup"
        + " --config' with the answer file takes one now; 'ferry backup --install-schedule --config' with it installs"
        + " the nightly job (02:00).");
    assertFalse(Files.readString(dir.resolve("ferry.log")).contains(PASSWORD), "never logged");
    type("q");
    assertNull(answers.sharePassword, "wiped when the wizard ends");
  }

  @Test
  void withoutSavingThePasswordTheScreensSayToCreateTheFile() throws Exception {
    toDataSource();
    backupFromSmb();
    press(KeyType.Tab);                   // [x] Save password
    type(" ");
    assertShows("Save password:     [ ]  to the password file on Confirm");
    press(KeyType.F10);                   // Next tests the connection first, then goes on
    assertEquals(Step.SUMMARY, wizard.step());
    assertEquals(1, installer.probed.size());
    assertShows("The answer file names the password file " + secret + ", which does not exist: this run uses the"
        + " password you typed");
    press(KeyType.F10);
    assertFalse(Files.exists(secret), "not written when not asked to");
    assertEquals(PASSWORD, installer.deployPassword);
    assertShows("Create the password file " + secret + " as root");
  }

  @Test
  void eachFieldIsCheckedAtTheField() throws Exception {
    toDataSource();
    press(KeyType.Tab, KeyType.Tab, KeyType.Tab);  // Backup share: smb
    type(" ");
    press(KeyType.Tab, KeyType.Tab, KeyType.Tab);  // Server
    type("//nas01/backup");
    press(KeyType.Tab);
    press(KeyType.Backspace, KeyType.Backspace, KeyType.Backspace);
    type("70000");
    press(KeyType.F5);
    assertTrue(installer.probed.isEmpty(), "nothing is tried with wrong values");
    assertShows("'//nas01/backup' is not a server name: write the server's name only");
    assertShows("write the SMB port, a number from 1 to 65535");
    assertShows("the share name is empty");
    assertShows("write the account Ferry logs in as, e.g. svc-ferry");
    assertEquals(Step.DATA_SOURCE, wizard.step());
  }

  @Test
  void errorsOfTestConnectionAreShownAtTheFieldTheyAreAbout() throws Exception {
    toDataSource();
    backupFromSmb();
    installer.probeFailures.add(new ShareException(ShareException.Kind.AUTHENTICATION, "the SMB server"
        + " nas01.example.com:445 refused the user 'svc-ferry' (wrong password, or wrong domain): check them"
        + " (the password came from the password typed in the wizard)"));
    press(KeyType.F5);
    String s = screen();
    int password = s.indexOf("Password:");
    int refused = s.indexOf("refused the user");
    assertTrue(password >= 0 && refused > password && refused < s.indexOf("Password file:"),
        "the message is right under the password:\n" + s);
    assertEquals(Step.DATA_SOURCE, wizard.step());

    installer.probeFailures.add(new ShareException(ShareException.Kind.UNREACHABLE, "cannot connect to the SMB"
        + " server nas01.example.com:445 (Connection refused): check the server name and port, and that a"
        + " firewall lets this host through"));
    press(KeyType.F5);
    s = screen();
    assertTrue(s.indexOf("cannot connect to the SMB") > s.indexOf("Server:")
        && s.indexOf("cannot connect to the SMB") < s.indexOf("Port:"), "under the server:\n" + s);

    installer.probeFailures.add(new ShareException(ShareException.Kind.NOT_FOUND, "the SMB server"
        + " nas01.example.com:445 has no share 'backup': check the share name"));
    press(KeyType.F5);
    s = screen();
    assertTrue(s.indexOf("has no share 'backup'") > s.indexOf("Share:")
        && s.indexOf("has no share 'backup'") < s.indexOf("Folder:"), "under the share:\n" + s);

    installer.probeFailures.add(new ConfigException("the default configuration (no --config): backup.share"
        + ".password_file: " + secret + " may be read or changed by users other than root (mode 0644); run: chmod"
        + " 600 " + secret));
    press(KeyType.F5);
    assertShows("backup.share.password_file: " + secret + " may be read or changed by users other than root");
    assertFalse(screen().contains("the default configuration"), "the wizard's own configuration is not named");

    press(KeyType.F5);                   // fixed: the listing appears, the messages are gone
    assertShows("Connected to smb://nas01.example.com:445/backup/ferry/demo");
    assertFalse(screen().contains("refused"), screen());
  }

  @Test
  void aLocalFolderWithoutBackupsYetIsFineForVanillaButNotForARestore() throws Exception {
    installer.emptyShare = true;
    toDataSource();
    press(KeyType.Tab, KeyType.Tab, KeyType.Tab, KeyType.Tab, KeyType.Tab); // Backup share: local
    type(" ");
    press(KeyType.Tab);
    type("/mnt/backup/ferry");
    press(KeyType.F5);
    assertShows("Connected to local folder /mnt/backup/ferry: the folder holds no backups yet");
    press(KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step(), "vanilla with a share for the nightly backups");
    CustomerConfig planned = installer.planned.get(0);
    assertEquals("vanilla", planned.dataSource());
    assertEquals("local folder /mnt/backup/ferry", planned.backup().share().describe());

    press(KeyType.Escape);               // back on Next: up past Test, the path and the kinds to "backup"
    for (int i = 0; i < 7; i++) {
      press(KeyType.ReverseTab);
    }
    type(" ");
    assertShows("(*) backup");
    press(KeyType.F10);
    assertEquals(Step.DATA_SOURCE, wizard.step());
    assertShows("the share holds no backups yet, so there is nothing to restore: choose vanilla");
  }

  @Test
  void nfsAsksForTheExportAndTheIdsTheFilesBelongTo() throws Exception {
    toDataSource();
    press(KeyType.Tab, KeyType.Tab, KeyType.Tab, KeyType.Tab); // Backup share: nfs
    type(" ");
    assertShows("NFS uid:");
    assertFalse(screen().contains("Password:"), "NFS has no password");
    press(KeyType.Tab, KeyType.Tab);                             // local, Server
    type("nfs01.example.com");
    press(KeyType.Tab);
    type("srv/backup");
    press(KeyType.Tab, KeyType.Tab, KeyType.Backspace);          // Folder, NFS uid
    type("svc");
    press(KeyType.F5);
    assertTrue(installer.probed.isEmpty());
    assertShows("'srv/backup' is not an export: write the path as 'showmount -e SERVER' lists it");
    assertShows("write the numeric user id, e.g. 3000");
    press(KeyType.Home);                                         // the focus is on the first problem: Export
    type("/");
    press(KeyType.Tab, KeyType.Tab, KeyType.Backspace, KeyType.Backspace, KeyType.Backspace);
    type("3000");
    press(KeyType.F5);
    assertShows("Connected to nfs://nfs01.example.com/srv/backup");
    assertEquals("nfs01.example.com:/srv/backup uid 3000 gid 0", describe(installer.probed.get(0)));
  }

  static String describe(CustomerConfig c) {
    var nfs = (io.ferry.installer.share.NfsShareSettings) c.backup().share();
    return nfs.server() + ":" + nfs.export() + " uid " + nfs.uid() + " gid " + nfs.gid();
  }
}
