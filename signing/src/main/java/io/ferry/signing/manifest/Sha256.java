package io.ferry.signing.manifest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 helpers: lower-case hex is the one spelling used in bundle entry names and the manifest. */
public final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  public static String hexOf(byte[] data) {
    return hex(newDigest().digest(data));
  }

  public static boolean isHex(String s) {
    return s != null && HEX.matcher(s).matches();
  }

  /** Accepts "sha256:HEX" (Docker's spelling) or bare HEX and returns bare HEX. */
  public static String stripPrefix(String digest) {
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    if (!isHex(hex)) {
      throw new IllegalArgumentException("not a SHA-256 digest: " + digest);
    }
    return hex;
  }
}
