package io.ferry.signing.pgp;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** Reads the OpenPGP objects (key rings, signatures) in armoured or binary bytes. */
final class PgpObjects {
  /** Far above any key file; stops a mistaken path (a bundle, a disk image) being read whole. */
  private static final long MAX_FILE_BYTES = 16L << 20;

  private PgpObjects() {}

  /** Reads a key or signature file into memory, refusing files far too large to be one. */
  static byte[] readFile(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("it is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
    }
    return Files.readAllBytes(file);
  }

  /**
   * Returns the key rings and signature lists in {@code bytes}. Reading stops after the first
   * object of any other kind (encrypted or literal data, ...), which is returned last so that the
   * caller can say what the file holds instead.
   *
   * @throws IOException if the bytes are not OpenPGP data
   */
  static List<Object> read(byte[] bytes) throws IOException {
    try {
      return readAll(bytes);
    } catch (RuntimeException e) {
      // Bouncy Castle reports some malformed packets with unchecked exceptions; to us they are
      // all the same "not OpenPGP data".
      throw new IOException("malformed OpenPGP data: " + e, e);
    }
  }

  private static List<Object> readAll(byte[] bytes) throws IOException {
    List<Object> objects = new ArrayList<>();
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
    // `cat a.asc b.asc > keys.asc` gives several armour blocks in one file, and one
    // ArmoredInputStream ends at the first END line, so start a new decoder per block.
    while (skipWhitespace(in)) {
      InputStream decoded = PGPUtil.getDecoderStream(in);
      BcPGPObjectFactory factory = new BcPGPObjectFactory(decoded);
      for (Object object = factory.nextObject(); object != null; object = factory.nextObject()) {
        if (object instanceof PGPMarker) {
          continue;
        }
        objects.add(object);
        if (!(object instanceof PGPPublicKeyRing
            || object instanceof PGPSecretKeyRing
            || object instanceof PGPSignatureList)) {
          return objects;
        }
      }
      if (!(decoded instanceof ArmoredInputStream)) {
        break; // binary data runs to the end of the input
      }
    }
    return objects;
  }

  /** Skips blank space between armour blocks; returns false at the end of the input. */
  private static boolean skipWhitespace(BufferedInputStream in) throws IOException {
    while (true) {
      in.mark(1);
      int c = in.read();
      if (c < 0) {
        return false;
      }
      if (!Character.isWhitespace(c)) {
        in.reset();
        return true;
      }
    }
  }

  /** A short, plain name for an object the caller did not expect, e.g. "encrypted data". */
  static String describe(Object object) {
    String name = object.getClass().getSimpleName();
    return switch (name) {
      case "PGPPublicKeyRing" -> "a public key";
      case "PGPSecretKeyRing" -> "a secret key";
      case "PGPSignatureList" -> "a signature";
      case "PGPEncryptedDataList" -> "encrypted data";
      case "PGPCompressedData" -> "compressed data (a signed or encrypted message)";
      case "PGPOnePassSignatureList" -> "a signed message";
      case "PGPLiteralData" -> "a message";
      default -> "OpenPGP data of type " + name;
    };
  }
}
