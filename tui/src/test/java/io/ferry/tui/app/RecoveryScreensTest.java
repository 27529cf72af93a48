package io.ferry.tui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.tui.wizard.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guided disaster recovery ({@code ferry wizard --recover}, or chosen on the welcome screen): the
 * share, the snapshots, one checked by reading it back, the bundle that matches it, the configuration
 * the backup kept, and a deployment that restores exactly that snapshot.
 */
class RecoveryScreensTest extends WizardScreens {
  static final String SHARE = "/mnt/backup/ferry";

  @BeforeEach
  void recovery() throws Exception {
    Files.writeString(dir.resolve("demo-1.0.1.ferry"), "not read by the fake");
    Files.writeString(dir.resolve("other-1.0.0.ferry"), "not read by the fake");
    Path kept = dir.resolve("kept.yaml");
    Files.writeString(kept, "stack: demo\nrelease: 1.0.0\nsizing: large\ndns_names: [desk.example]\n"
        + "network:\n  ports: {https: 9443}\n");
    installer.kept = CustomerConfig.read(kept);
  }

  /** Welcome -> Backup share (a local folder) -> Snapshot. */
  void toSnapshots() throws Exception {
    press(KeyType.F10);
    assertEquals(Step.DATA_SOURCE, wizard.step());
    assertShows("Step 2 of 8: Backup share");
    assertShows("Backup share:      (*) smb  ( ) nfs  ( ) local");
    assertFalse(screen().contains("vanilla"), "a recovery restores a backup");
    press(KeyType.ArrowRight, KeyType.ArrowRight); // smb -> local
    type(" ");
    press(KeyType.Tab);
    type(SHARE);
    press(KeyType.F10);                            // tests the connection, then goes on
    assertEquals(Step.SNAPSHOT, wizard.step());
  }

  /** As 'ferry wizard --recover', background work run by the test: Welcome, then the share, tested. */
  void recoverFromTheLocalShare() throws Exception {
    answers.recover = true;
    start(manual());
    runPending();                        // the host check
    press(KeyType.F10);
    press(KeyType.ArrowRight, KeyType.ArrowRight); // smb -> local
    type(" ");
    press(KeyType.Tab);
    type(SHARE);
    press(KeyType.F10);
    runPending();                        // Test connection, then Next
  }

  @Test
  void chosenOnTheWelcomeScreenTheStepsChange() throws Exception {
    assertShows("What to do:        (*) install");
    assertShows("( ) recover disaster recovery from a backup (support staff)");
    press(KeyType.ReverseTab);           // from Next up to "recover"
    type(" ");
    assertTrue(answers.recover);
    assertShows("Step 1 of 8: Welcome");
    toSnapshots();
  }

  @Test
  void aCheckedSnapshotAndItsBundleRestoreExactlyThatSnapshotWithTheKeptConfiguration() throws Exception {
    answers.recover = true;             // ferry wizard --recover
    start(manual());
    runPending();                        // the host check
    assertShows("Step 1 of 8: Welcome");
    assertShows("(*) recover");
    press(KeyType.F10);
    press(KeyType.ArrowRight, KeyType.ArrowRight);
    type(" ");
    press(KeyType.Tab);
    type(SHARE);
    press(KeyType.F10);
    assertShows("Connecting and listing the backups ...");
    runPending();
    assertEquals(Step.SNAPSHOT, wizard.step());
    assertShows("Step 3 of 8: Snapshot");
    assertShows("Backups in local folder " + SHARE + ", newest first (times in UTC).");
    assertShows("Snapshot:          (*) 2026-11-21 02:00 demo 1.0.0, host desk01, 12.3 MiB");
    assertShows("( ) 2026-11-21 01:00 DAMAGED: the document's content");
    assertShows("( ) 2026-11-20 02:00 demo 1.0.0, host desk01, 12.3 MiB");
    assertShows("< Check >    Next    < Back >");  // Next stays off until the snapshot is checked
    capture("recovery-snapshots");

    press(KeyType.F5);
    assertShows("Checking [");
    assertShows("reading every chunk of the snapshot from the share and re-hashing it");
    runPending();
    assertShows("Verified: the backup of 2026-11-21 02:00 UTC can be restored");
    assertShows("1 chunks read and re-hashed, 12.3 MiB stored; demo 1.0.0 from host desk01");
    assertShows("The configuration it was taken with is read: it fills the configuration screen.");
    assertShows("< Next >");

    press(KeyType.F10);
    assertEquals(Step.BUNDLE, wizard.step());
    assertShows("Step 4 of 8: Bundle");
    assertShows("The bundle of demo to start on the backup; verified at once.");
    press(KeyType.Tab, KeyType.ArrowDown, KeyType.ArrowDown); // demo-1.0.0, demo-1.0.1, other-1.0.0
    type(" ");
    runPending();
    assertShows("NOT FOR THIS BACKUP");
    assertShows("this bundle is of stack 'other' but the backup is of 'demo': choose a bundle of demo");
    press(KeyType.F10);
    assertEquals(Step.BUNDLE, wizard.step(), "a bundle of another stack cannot go on");
    press(KeyType.ArrowUp);              // demo-1.0.1
    type(" ");
    runPending();
    assertShows("A newer release than the backup: an update");
    assertShows("the bundle is release 1.0.1, the backup is of 1.0.0: the data is restored and 1.0.1 starts on it,");
    press(KeyType.F10);

    assertEquals(Step.CONFIGURATION, wizard.step());
    assertShows("(*) large");                // from the configuration the backup kept
    assertShows("[desk.example");
    assertShows("[9443");
    press(KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step(), "the kept release pin (1.0.0) does not stop the update to 1.0.1");
    assertShows("Step 6 of 8: Summary");
    runPending();
    CustomerConfig planned = installer.planned.get(0);
    assertEquals("backup", planned.dataSource());
    assertEquals("20261121T020000Z-3333333333cc", planned.dataSnapshot(), "exactly the checked snapshot");
    assertEquals(new LocalShareSettings(Path.of(SHARE)), planned.backup().share());
    assertEquals("large", planned.sizing());
    assertNull(planned.release());
    assertShows("4. data: restore the backup 20261121T020000Z-3333333333cc from local folder " + SHARE);

    press(KeyType.F10);                   // Confirm
    runPending();
    assertEquals(Step.DONE, wizard.step());
    assertShows("Step 8 of 8: Done");
    assertShows("The stack is recovered. Keep the answer file: it repeats this recovery.");
    assertShows("demo 1.0.1 is recovered from the backup of 2026-11-21 02:00 UTC, running and healthy.");
    CustomerConfig saved = CustomerConfig.read(answers.answerFile);
    assertEquals("20261121T020000Z-3333333333cc", saved.dataSnapshot());
    assertEquals(List.of("desk.example"), saved.dnsNames());
  }

  @Test
  void aDamagedSnapshotIsRefusedAndSaysToTakeAnOlderOne() throws Exception {
    recoverFromTheLocalShare();
    press(KeyType.ArrowDown);            // the damaged document
    type(" ");
    press(KeyType.F5);
    assertShows("this backup cannot be restored: the document's content");
    assertTrue(pending.isEmpty(), "nothing is read for a document that cannot be read");

    installer.corrupt.add("20261120T020000Z-1111111111aa");
    press(KeyType.ArrowDown);            // the oldest: a chunk is corrupt
    type(" ");
    press(KeyType.F5);
    runPending();
    assertShows("DAMAGED: this backup cannot be restored");
    assertShows("1 corrupt (first: chunk abab... is corrupt");
    press(KeyType.F10);
    runPending();
    assertEquals(Step.SNAPSHOT, wizard.step(), "only a snapshot that verifies goes on");
  }

  @Test
  void aShareWithoutBackupsCannotBeRecoveredFrom() throws Exception {
    installer.emptyShare = true;
    recoverFromTheLocalShare();
    assertEquals(Step.DATA_SOURCE, wizard.step());
    assertShows("there are no backups in local folder " + SHARE + " to recover from: check the share and the folder");
  }
}
