package io.ferry.installer.backup;

import io.ferry.signing.snapshot.Snapshot;
import java.time.Instant;

/**
 * A snapshot as the repository lists it. A document that cannot be read is listed too, with the
 * reason, so one damaged document never hides the others.
 *
 * @param name the document's name in {@code snapshots/}
 * @param time the snapshot's time (from the document; from the name if the document is damaged)
 * @param snapshot the parsed document, or null if it is damaged
 * @param problem why the document cannot be used, or null
 */
public record SnapshotEntry(String name, Instant time, Snapshot snapshot, String problem) {
  public boolean damaged() {
    return snapshot == null;
  }
}
