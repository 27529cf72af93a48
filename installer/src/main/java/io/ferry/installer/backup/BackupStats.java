package io.ferry.installer.backup;

/**
 * What a backup (or one stream of it) cost.
 *
 * @param plainBytes bytes read from the streams
 * @param chunks chunks the streams were cut into (a chunk used twice counts twice)
 * @param newChunks chunks this backup stored because the repository did not have them
 * @param newBytes stored (compressed) bytes of those chunks: what the repository grew by, without the
 *     small snapshot document. A second backup of unchanged data has about 0 here.
 */
public record BackupStats(long plainBytes, long chunks, long newChunks, long newBytes) {
  static final BackupStats ZERO = new BackupStats(0, 0, 0, 0);

  BackupStats plus(BackupStats o) {
    return new BackupStats(plainBytes + o.plainBytes, chunks + o.chunks, newChunks + o.newChunks, newBytes + o.newBytes);
  }
}
