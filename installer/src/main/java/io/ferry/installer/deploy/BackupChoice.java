package io.ferry.installer.deploy;

import io.ferry.installer.backup.NewestVerified;
import io.ferry.signing.snapshot.Snapshot;
import java.util.List;

/**
 * The backup a deployment restores into an empty stack: which snapshot of which repository, and the
 * newer ones passed over because they do not verify (so the plan can say why an older one is taken).
 *
 * @param repository where it is, for messages: "smb://nas01:445/backup/ferry"
 * @param name the snapshot's name in the repository
 * @param snapshot its document
 * @param passedOver newer snapshots of the stack that do not verify, with the reason
 */
public record BackupChoice(String repository, String name, Snapshot snapshot, List<NewestVerified.Rejected> passedOver) {
  public BackupChoice {
    passedOver = List.copyOf(passedOver);
  }

  /** "the backup of 2026-11-21T02:00:00Z (release 1.0.0, host acd01, 12.3 MiB) from smb://…". */
  public String describe(String bundleRelease) {
    String s = "the backup of " + snapshot.time() + " (release " + snapshot.release() + ", host " + snapshot.host()
        + ", " + io.ferry.common.progress.ConsoleProgressBar.bytes(snapshot.size()) + ") from " + repository;
    if (!snapshot.release().equals(bundleRelease)) {
      s += "; then release " + bundleRelease + " starts on that data (an update from " + snapshot.release() + ")";
    }
    if (!passedOver.isEmpty()) {
      s += "; " + passedOver.size() + " newer backup(s) do not verify and are passed over ("
          + passedOver.get(0).name() + ": " + passedOver.get(0).reason() + ")";
    }
    return s;
  }
}
