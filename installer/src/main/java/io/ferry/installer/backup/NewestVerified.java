package io.ferry.installer.backup;

import java.util.List;
import java.util.Optional;

/**
 * The newest snapshot that verifies, and the newer ones that did not, with why (so a restore can say
 * "the backup of 02:00 is damaged (chunk … missing); restoring the one of the day before").
 *
 * @param found the snapshot, or null if none verifies
 * @param rejected newer snapshots that did not verify, newest first
 */
public record NewestVerified(SnapshotEntry found, List<Rejected> rejected) {
  public NewestVerified {
    rejected = List.copyOf(rejected);
  }

  /** A snapshot passed over, and why. */
  public record Rejected(String name, String reason) {}

  public Optional<SnapshotEntry> snapshot() {
    return Optional.ofNullable(found);
  }
}
