package io.ferry.installer.share;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The path rules every share applies, so the same names work on Linux, Windows and NAS file systems:
 * relative, '/'-separated segments of 1 to {@value #MAX_SEGMENT} characters from
 * {@code [A-Za-z0-9._+=@,-]}, not "." or "..", not ending in '.', and not starting with the reserved
 * {@value #TEMP_PREFIX}. Anything else is refused with an {@link IllegalArgumentException}. Case: SMB shares usually ignore it, so callers should not rely on it (the
 * backup repository names objects in lower-case hex).
 */
final class SharePaths {
  /** Objects being written are named {@code .ferry-tmp-<random>-<name>} in their final folder. */
  static final String TEMP_PREFIX = ".ferry-tmp-";
  static final int MAX_SEGMENT = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SharePaths() {}

  /** The segments of an object path; at least one. */
  static List<String> object(String path) {
    List<String> s = check(path, false);
    if (s.isEmpty()) {
      throw invalid(path, "it is empty");
    }
    return s;
  }

  /** The segments of a folder path; "" (or "/"-less empty) is the base folder itself. */
  static List<String> folder(String path) {
    return check(path, true);
  }

  /** Like {@link #object} but also accepts a temporary name as the last segment (for delete). */
  static List<String> objectOrTemp(String path) {
    List<String> s = check(path, true);
    if (s.isEmpty()) {
      throw invalid(path, "it is empty");
    }
    return s;
  }

  static String join(List<String> segments) {
    return String.join("/", segments);
  }

  static String parent(List<String> segments) {
    return join(segments.subList(0, segments.size() - 1));
  }

  static String name(List<String> segments) {
    return segments.get(segments.size() - 1);
  }

  /** A fresh temporary name for an object called {@code name}, in the same folder. */
  static String tempName(String name) {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    String n = TEMP_PREFIX + HexFormat.of().formatHex(b) + "-" + name;
    return n.length() <= 255 ? n : n.substring(0, 255);
  }

  static boolean isTemporary(String name) {
    return name.startsWith(TEMP_PREFIX);
  }

  private static List<String> check(String path, boolean allowTemp) {
    if (path == null) {
      throw invalid("null", "it is missing");
    }
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) {
      return out;
    }
    if (path.startsWith("/")) {
      throw invalid(path, "it starts with '/' (paths are relative to the share's folder)");
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty()) {
        throw invalid(path, "it has an empty segment ('//' or a trailing '/')");
      }
      if (seg.equals(".") || seg.equals("..")) {
        throw invalid(path, "it contains '" + seg + "'");
      }
      if (seg.length() > MAX_SEGMENT && !(allowTemp && isTemporary(seg))) {
        throw invalid(path, "a name is longer than " + MAX_SEGMENT + " characters");
      }
      if (seg.endsWith(".")) {
        throw invalid(path, "a name ends with '.' (Windows servers drop it)");
      }
      if (!allowTemp && isTemporary(seg)) {
        throw invalid(path, "names starting with " + TEMP_PREFIX + " are reserved for objects being written");
      }
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == '-' || c == '+' || c == '=' || c == '@' || c == ',';
        if (!ok) {
          throw invalid(path, "it contains the character " + printable(c) + " (allowed: letters, digits and . _ - + = @ ,)");
        }
      }
      out.add(seg);
    }
    return out;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  /** A bad path is the caller's mistake, not the share's: unchecked. */
  private static IllegalArgumentException invalid(String path, String why) {
    return new IllegalArgumentException("invalid share path '" + path + "': " + why);
  }
}
