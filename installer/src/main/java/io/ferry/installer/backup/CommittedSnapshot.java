package io.ferry.installer.backup;

import io.ferry.signing.snapshot.Snapshot;

/**
 * A backup that is complete: its snapshot document is in the repository.
 *
 * @param name the document's name in {@code snapshots/}
 * @param snapshot the document
 * @param stats what the backup read and added
 */
public record CommittedSnapshot(String name, Snapshot snapshot, BackupStats stats) {}
