package io.ferry.installer.backup;

import java.util.List;

/**
 * What forget kept and removed (or would remove, on a dry run). Damaged documents are always kept.
 *
 * @param kept the snapshots kept, newest first
 * @param forgotten the snapshots whose documents were (or would be) deleted, newest first
 * @param dryRun true if nothing was deleted
 */
public record ForgetResult(List<SnapshotEntry> kept, List<SnapshotEntry> forgotten, boolean dryRun) {
  public ForgetResult {
    kept = List.copyOf(kept);
    forgotten = List.copyOf(forgotten);
  }
}
