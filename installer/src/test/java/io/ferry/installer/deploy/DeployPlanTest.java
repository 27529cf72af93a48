package io.ferry.installer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.installer.backup.NewestVerified;
import io.ferry.installer.deploy.DeployPlan.DataAction;
import io.ferry.signing.snapshot.ChunkRef;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one sentence that says what the host becomes, for each thing that can happen to its data. */
class DeployPlanTest {
  static BackupChoice backup(String release, List<NewestVerified.Rejected> passedOver) {
    String sha = "ab".repeat(32);
    Snapshot s = Snapshot.builder().time(Instant.parse("2026-11-21T02:00:00Z")).kind(SnapshotKind.BACKUP)
        .stack("acd-demo").release(release).host("acd01")
        .stream(new SnapshotStream("database", "sql", 12_897_485, sha, List.of(new ChunkRef(sha, 12_897_485))))
        .build();
    return new BackupChoice("smb://nas01:445/backup/ferry", "20261121T020000Z-0123456789ab", s, passedOver);
  }

  static String outlook(DataAction data, String previous, BackupChoice backup, boolean fromBackup) {
    return DeployPlan.outlook(data, "acd-demo", "1.0.1", previous, backup, fromBackup, false);
  }

  @Test
  void anEmptyHostAndABackupOfAnOlderReleaseIsAnOutOfPlaceUpdate() {
    assertEquals("This host has no data of acd-demo; the share holds a backup of release 1.0.0 from 2026-11-21 02:00"
        + " UTC (host acd01, 12.3 MiB) -> restore it and start 1.0.1 (an out-of-place update from 1.0.0)",
        outlook(DataAction.RESTORE_BACKUP, null, backup("1.0.0", List.of()), true));
    assertEquals("This host has no data of acd-demo; the share holds a backup of release 1.0.1 from 2026-11-21 02:00"
        + " UTC (host acd01, 12.3 MiB) -> restore it and start 1.0.1 (the same release); 1 newer backup(s) do not"
        + " verify and are passed over", outlook(DataAction.RESTORE_BACKUP, null, backup("1.0.1",
            List.of(new NewestVerified.Rejected("20261122T020000Z-0123456789ab", "chunk ab.. is missing"))), true));
  }

  @Test
  void dataOnTheHostIsKeptWhateverTheSource() {
    assertEquals("This host runs acd-demo 1.0.0 -> its data is kept and 1.0.1 starts on it (an update in place);"
        + " nothing is restored from the share", outlook(DataAction.KEEP_EXISTING, "1.0.0", null, true));
    assertEquals("This host runs acd-demo 1.0.1 -> its data is kept and 1.0.1 gets the new settings",
        outlook(DataAction.KEEP_EXISTING, "1.0.1", null, false));
    assertEquals("This host holds data of acd-demo already -> it is kept and 1.0.1 starts on it",
        outlook(DataAction.KEEP_EXISTING, null, null, false));
  }

  @Test
  void vanillaInterruptedNoDataAndNothingToDo() {
    assertEquals("This host has no data of acd-demo -> start 1.0.1 with the bundle's vanilla data (a new"
        + " installation)", outlook(DataAction.RESTORE_VANILLA, null, null, false));
    assertEquals("A restore on this host was interrupted -> its partial data is discarded, a backup of release 1.0.0"
        + " from 2026-11-21 02:00 UTC (host acd01, 12.3 MiB) is restored again and 1.0.1 starts",
        outlook(DataAction.REDO_INTERRUPTED_RESTORE, null, backup("1.0.0", List.of()), true));
    assertEquals("The stack keeps no data -> start 1.0.1", outlook(DataAction.NONE, null, null, false));
    assertEquals("This host holds data of acd-demo -> it is DISCARDED (--replace-data), the bundle's vanilla data is"
        + " restored and 1.0.1 starts", outlook(DataAction.REPLACE_EXISTING, "1.0.0", null, false));
    assertEquals("This host runs acd-demo 1.0.1 with these settings -> nothing to do",
        DeployPlan.outlook(DataAction.KEEP_EXISTING, "acd-demo", "1.0.1", "1.0.1", null, false, true));
  }
}
