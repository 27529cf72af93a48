package io.ferry.signing.snapshot;

/** A chunk a snapshot needs is not where its source keeps chunks. */
public final class MissingChunkException extends ChunkException {
  private static final long serialVersionUID = 1L;

  public MissingChunkException(String chunkId, String where) {
    super(chunkId, "chunk " + chunkId + " is missing" + (where == null || where.isEmpty() ? "" : " from " + where), null);
  }
}
