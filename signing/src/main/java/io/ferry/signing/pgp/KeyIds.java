package io.ferry.signing.pgp;

import java.util.HexFormat;
import java.util.Locale;

/** Spells key ids and fingerprints the way {@code gpg --keyid-format long} prints them. */
final class KeyIds {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private KeyIds() {}

  static String keyId(long keyId) {
    return String.format(Locale.ROOT, "%016X", keyId);
  }

  static String fingerprint(byte[] fingerprint) {
    return HEX.formatHex(fingerprint);
  }
}
