package io.ferry.signing.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.bcpg.ArmoredOutputStream;

/** Writes OpenPGP packets as ASCII armour. */
final class Armour {
  interface PacketWriter {
    void writeTo(ArmoredOutputStream out) throws IOException;
  }

  private Armour() {}

  static byte[] encode(PacketWriter writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // No "Version: BCPG ..." header: the same key, data and time then give the same bytes
    // whichever Bouncy Castle release wrote them, which keeps bundles reproducible.
    try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
      writer.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }
}
