package io.ferry.installer.backup;

import java.util.List;

/**
 * What prune removed.
 *
 * @param chunksKept chunks some snapshot needs
 * @param chunksDeleted chunks no snapshot needed
 * @param bytesFreed their stored size
 * @param temporaryDeleted half-written objects left by crashes
 * @param staleLocksRemoved locks of backups or prunes that no longer run
 */
public record PruneResult(long chunksKept, long chunksDeleted, long bytesFreed, long temporaryDeleted,
    List<LockInfo> staleLocksRemoved) {
  public PruneResult {
    staleLocksRemoved = List.copyOf(staleLocksRemoved);
  }
}
