package io.ferry.installer.backup;

import io.ferry.signing.snapshot.ChunkerParams;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The repository's config object, written once by init:
 *
 * <pre>
 * ferry-backup-repository 1
 * id 5f0c1d2e3a4b5c6d7e8f901a2b3c4d5e
 * chunker fastcdc 262144 1048576 4194304 ferry-fastcdc-gear-v1
 * compression zstd
 * hash sha256
 * write-once false
 * </pre>
 *
 * A reader refuses a version it does not know; the chunker line records the parameters every backup
 * into this repository cuts with (readers do not need them). Immutable.
 *
 * @param id random, to tell repositories apart in messages and logs
 * @param chunker the chunker parameters of every backup into this repository
 * @param writeOnce whether the repository never deletes (see also the {@code write-once} marker object)
 */
public record RepositoryConfig(String id, ChunkerParams chunker, boolean writeOnce) {
  public static final String MAGIC = "ferry-backup-repository";
  public static final int FORMAT_VERSION = 1;
  static final String GEAR = "ferry-fastcdc-gear-v1";
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  public RepositoryConfig {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a repository id is 32 lower-case hex digits: " + id);
    }
    Objects.requireNonNull(chunker, "chunker");
  }

  static RepositoryConfig fresh(boolean writeOnce) {
    byte[] b = new byte[16];
    new java.security.SecureRandom().nextBytes(b);
    return new RepositoryConfig(HexFormat.of().formatHex(b), ChunkerParams.DEFAULT, writeOnce);
  }

  byte[] toBytes() {
    return (MAGIC + " " + FORMAT_VERSION + "\n"
        + "id " + id + "\n"
        + "chunker fastcdc " + chunker.min() + " " + chunker.avg() + " " + chunker.max() + " " + GEAR + "\n"
        + "compression zstd\n"
        + "hash sha256\n"
        + "write-once " + writeOnce + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a config; {@code where} names the object for messages.
   *
   * @throws BackupException NOT_A_REPOSITORY if it is not a repository config, UNSUPPORTED_VERSION if its
   *     version or one of its algorithms is not one this Ferry knows
   */
  static RepositoryConfig parse(byte[] bytes, String where) throws BackupException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (!lines[0].startsWith(MAGIC + " ")) {
      throw new BackupException(BackupException.Kind.NOT_A_REPOSITORY, where
          + " is not a Ferry backup repository config (it does not start with '" + MAGIC
          + "'): point the backup settings at the repository's folder, or at an empty folder for a new one");
    }
    String version = lines[0].substring(MAGIC.length() + 1);
    if (!version.equals(String.valueOf(FORMAT_VERSION))) {
      throw new BackupException(BackupException.Kind.UNSUPPORTED_VERSION, "the backup repository " + where
          + " has format version " + version + "; this Ferry reads version " + FORMAT_VERSION
          + ": use the Ferry release that wrote it, or a newer one");
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        continue;
      }
      int sp = lines[i].indexOf(' ');
      if (sp <= 0 || f.put(lines[i].substring(0, sp), lines[i].substring(sp + 1)) != null) {
        throw damaged(where, "line " + (i + 1) + " is malformed or repeated: '" + lines[i] + "'");
      }
    }
    for (String key : new String[] {"id", "chunker", "compression", "hash", "write-once"}) {
      if (!f.containsKey(key)) {
        throw damaged(where, "the '" + key + "' line is missing");
      }
    }
    if (f.size() != 5) {
      throw damaged(where, "it has lines this Ferry does not know: " + f.keySet());
    }
    if (!f.get("compression").equals("zstd") || !f.get("hash").equals("sha256")) {
      throw new BackupException(BackupException.Kind.UNSUPPORTED_VERSION, "the backup repository " + where
          + " uses compression '" + f.get("compression") + "' and hash '" + f.get("hash")
          + "'; this Ferry knows zstd and sha256 only: use a newer Ferry");
    }
    String[] c = f.get("chunker").split(" ");
    if (c.length != 5 || !c[0].equals("fastcdc") || !c[4].equals(GEAR)) {
      throw new BackupException(BackupException.Kind.UNSUPPORTED_VERSION, "the backup repository " + where
          + " uses the chunker '" + f.get("chunker") + "', which this Ferry does not know: use a newer Ferry");
    }
    String wo = f.get("write-once");
    if (!wo.equals("true") && !wo.equals("false")) {
      throw damaged(where, "write-once is neither true nor false: " + wo);
    }
    try {
      return new RepositoryConfig(f.get("id"),
          new ChunkerParams(Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3])), wo.equals("true"));
    } catch (IllegalArgumentException e) {
      throw damaged(where, e.getMessage());
    }
  }

  private static BackupException damaged(String where, String why) {
    return new BackupException(BackupException.Kind.NOT_A_REPOSITORY, "the backup repository config " + where
        + " is damaged (" + why + "): restore it from a copy, or compare it with docs/onprem/backup-format.md");
  }
}
