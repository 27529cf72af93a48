package io.ferry.signing.snapshot;

import io.ferry.signing.manifest.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The 256 random 64-bit values of the FastCDC gear hash. They are derived, not stored, so the contract
 * can state them in one line and anyone can regenerate them: value {@code i} is the first 8 bytes, read
 * big-endian, of SHA-256 over the ASCII seed {@value #SEED} followed by the single byte {@code i}. In a
 * shell: {@code printf 'ferry-fastcdc-gear-v1\x2a' | sha256sum | cut -c1-16} is value 42 in hex.
 */
final class GearTable {
  static final String SEED = "ferry-fastcdc-gear-v1";
  private static final long[] GEAR = generate();

  private GearTable() {}

  /** A copy of the table (the chunker keeps its own reference to the shared one). */
  static long[] values() {
    return GEAR.clone();
  }

  static long[] shared() {
    return GEAR;
  }

  private static long[] generate() {
    byte[] seed = SEED.getBytes(StandardCharsets.US_ASCII);
    long[] g = new long[256];
    for (int i = 0; i < 256; i++) {
      MessageDigest md = Sha256.newDigest();
      md.update(seed);
      md.update((byte) i);
      g[i] = ByteBuffer.wrap(md.digest()).getLong();
    }
    return g;
  }
}
