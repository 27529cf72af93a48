package io.ferry.installer.backup;

import java.util.List;

/**
 * A chunk that snapshots need but cannot be used.
 *
 * @param chunkId the chunk's id
 * @param kind missing or corrupt
 * @param detail what is wrong, in words
 * @param snapshots the names of the snapshots that need it (and so cannot be restored)
 */
public record ChunkProblem(String chunkId, Kind kind, String detail, List<String> snapshots) {
  public enum Kind { MISSING, CORRUPT }

  public ChunkProblem {
    snapshots = List.copyOf(snapshots);
  }
}
