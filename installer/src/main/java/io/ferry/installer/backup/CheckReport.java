package io.ferry.installer.backup;

import java.util.List;

/**
 * The result of checking a whole repository, for a CLI table or {@code --json}.
 *
 * @param dataRead whether every needed chunk was read and re-hashed ({@code --read-data})
 * @param snapshots how many snapshot documents there are
 * @param damagedSnapshots documents that cannot be read (with the reason)
 * @param problems every missing or corrupt chunk, each with the snapshots that need it
 * @param affectedSnapshots the names of snapshots that cannot be restored because of {@code problems}
 * @param chunksNeeded distinct chunks the readable snapshots need
 * @param bytesRead stored bytes read
 * @param unreferencedChunks chunks no snapshot needs (left by a failed backup or by forget; prune removes them)
 * @param temporaryObjects objects left half-written by a crash (prune removes them)
 */
public record CheckReport(boolean dataRead, int snapshots, List<SnapshotEntry> damagedSnapshots, List<ChunkProblem> problems,
    List<String> affectedSnapshots, long chunksNeeded, long bytesRead, long unreferencedChunks, long temporaryObjects) {
  public CheckReport {
    damagedSnapshots = List.copyOf(damagedSnapshots);
    problems = List.copyOf(problems);
    affectedSnapshots = List.copyOf(affectedSnapshots);
  }

  /** True if every snapshot can be restored. */
  public boolean ok() {
    return damagedSnapshots.isEmpty() && problems.isEmpty();
  }
}
