package io.ferry.signing.snapshot;

/**
 * The sizes that steer {@link FastCdcChunker}: no chunk is shorter than {@code min} (except the last
 * of a stream) or longer than {@code max}, and chunks average about {@code avg} bytes. They are part
 * of the backup repository's contract (recorded in its config): two backups only share chunks when they
 * were cut with the same parameters. Readers never need them; a chunk list says where each chunk ends.
 *
 * @param min the smallest chunk, at least 64 bytes (the gear hash looks at the last 64 bytes)
 * @param avg the normal chunk size, a power of two between min and max
 * @param max the largest chunk, at most {@value #MAX_LIMIT} bytes
 */
public record ChunkerParams(int min, int avg, int max) {
  /** 64 MiB: a chunk is held in memory whole, several at a time in a pipeline. */
  public static final int MAX_LIMIT = 64 << 20;

  /** The parameters of repository format 1: 256 KiB / 1 MiB / 4 MiB. */
  public static final ChunkerParams DEFAULT = new ChunkerParams(256 << 10, 1 << 20, 4 << 20);

  public ChunkerParams {
    if (min < 64 || avg <= min || max <= avg || max > MAX_LIMIT) {
      throw new IllegalArgumentException("chunker sizes must satisfy 64 <= min < avg < max <= " + MAX_LIMIT + ": min="
          + min + " avg=" + avg + " max=" + max);
    }
    if (Integer.bitCount(avg) != 1) {
      throw new IllegalArgumentException("the average chunk size must be a power of two: " + avg);
    }
  }

  /** log2(avg): how many hash bits a cut point needs to be zero on average. */
  int avgBits() {
    return Integer.numberOfTrailingZeros(avg);
  }
}
