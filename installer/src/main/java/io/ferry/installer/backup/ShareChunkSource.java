package io.ferry.installer.backup;

import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.signing.snapshot.ChunkSource;
import io.ferry.signing.snapshot.MissingChunkException;
import java.io.IOException;
import java.io.InputStream;

/** Stored chunks from the repository's {@code chunks/} folder. Thread-safe, as the share is. */
final class ShareChunkSource implements ChunkSource {
  private final Share share;
  private final RepoLayout layout;

  ShareChunkSource(Share share, RepoLayout layout) {
    this.share = share;
    this.layout = layout;
  }

  @Override
  public InputStream open(String id) throws IOException {
    try {
      return share.read(layout.chunk(id));
    } catch (ShareException e) {
      if (e.kind() == ShareException.Kind.NOT_FOUND) {
        throw new MissingChunkException(id, share.describe() + "/" + layout.chunks());
      }
      throw new IOException(e.getMessage(), e);
    }
  }
}
