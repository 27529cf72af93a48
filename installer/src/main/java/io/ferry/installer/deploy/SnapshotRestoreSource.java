package io.ferry.installer.deploy;

import io.ferry.installer.data.RestoreSource;
import io.ferry.signing.snapshot.ChunkSource;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotStream;
import io.ferry.signing.snapshot.SnapshotStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A snapshot as the data to restore, whichever its chunks come from: the bundle's vanilla data or a
 * backup on the share. Each stream is reassembled by the verifying reader, so a missing or damaged
 * chunk, or a stream whose digest does not match, fails the read and with it the restore.
 */
final class SnapshotRestoreSource implements RestoreSource {
  private final Snapshot snapshot;
  private final ChunkSource chunks;

  SnapshotRestoreSource(Snapshot snapshot, ChunkSource chunks) {
    this.snapshot = snapshot;
    this.chunks = chunks;
  }

  /** The bytes a restore reads: every stream's plain size. */
  long size() {
    return snapshot.size();
  }

  @Override
  public List<StreamInfo> streams() {
    return snapshot.streams().stream().map(s -> new StreamInfo(s.name(), s.format(), s.size())).toList();
  }

  @Override
  public InputStream open(String name) throws IOException {
    SnapshotStream stream = snapshot.stream(name)
        .orElseThrow(() -> new IOException("the snapshot has no stream " + name));
    return SnapshotStreamReader.open(stream, chunks);
  }
}
