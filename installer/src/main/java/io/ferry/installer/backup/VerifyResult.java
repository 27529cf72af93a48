package io.ferry.installer.backup;

import java.util.List;

/**
 * Whether one snapshot can be restored.
 *
 * @param snapshotName the snapshot
 * @param dataRead whether every chunk was read and re-hashed (otherwise only their presence was checked)
 * @param problems the chunks that are missing or corrupt
 * @param chunks distinct chunks the snapshot needs
 * @param bytesRead stored bytes read (0 without data reading)
 */
public record VerifyResult(String snapshotName, boolean dataRead, List<ChunkProblem> problems, long chunks, long bytesRead) {
  public VerifyResult {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** One line: "snapshot X verifies (512 chunks read)" or "snapshot X: 2 chunks missing, 1 corrupt (first: …)". */
  public String summary() {
    if (ok()) {
      return "snapshot " + snapshotName + " verifies (" + chunks + " chunks " + (dataRead ? "read and re-hashed" : "present")
          + ")";
    }
    long missing = problems.stream().filter(p -> p.kind() == ChunkProblem.Kind.MISSING).count();
    return "snapshot " + snapshotName + ": " + missing + " chunks missing, " + (problems.size() - missing)
        + " corrupt (first: " + problems.get(0).detail() + ")";
  }
}
