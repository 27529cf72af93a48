package io.ferry.installer.backup;

import io.ferry.signing.manifest.Sha256;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things are in a repository (docs/onprem/backup-format.md, "Layout"):
 *
 * <pre>
 * FOLDER/config                          the repository config (written once, by init)
 * FOLDER/write-once                      optional marker: the repository is write-once from now on
 * FOLDER/chunks/&lt;2 hex&gt;/&lt;64 hex&gt;          a chunk: one zstd frame, named by the SHA-256 of its plain bytes
 * FOLDER/snapshots/&lt;yyyyMMddTHHmmssZ&gt;-&lt;12 hex&gt;  a snapshot document: time (UTC) and the start of its id
 * FOLDER/locks/&lt;kind&gt;-&lt;yyyyMMddTHHmmssZ&gt;-&lt;8 hex&gt;  a backup or prune that is running
 * </pre>
 */
final class RepoLayout {
  static final String CONFIG = "config";
  static final String WRITE_ONCE = "write-once";
  static final String CHUNKS = "chunks";
  static final String SNAPSHOTS = "snapshots";
  static final String LOCKS = "locks";
  static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern SNAPSHOT_NAME = Pattern.compile("([0-9]{8}T[0-9]{6}Z)-([0-9a-f]{12})");
  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{2}");

  private final String root;

  RepoLayout(String root) {
    this.root = root == null ? "" : root;
  }

  String root() {
    return root;
  }

  String path(String rel) {
    return root.isEmpty() ? rel : root + "/" + rel;
  }

  String config() {
    return path(CONFIG);
  }

  String writeOnceMarker() {
    return path(WRITE_ONCE);
  }

  String chunks() {
    return path(CHUNKS);
  }

  String chunkFolder(String prefix) {
    return path(CHUNKS + "/" + prefix);
  }

  String chunk(String id) {
    return path(CHUNKS + "/" + id.substring(0, 2) + "/" + id);
  }

  String snapshots() {
    return path(SNAPSHOTS);
  }

  String snapshot(String name) {
    return path(SNAPSHOTS + "/" + name);
  }

  String locks() {
    return path(LOCKS);
  }

  String lock(String name) {
    return path(LOCKS + "/" + name);
  }

  static boolean isChunkPrefix(String name) {
    return PREFIX.matcher(name).matches();
  }

  static boolean isChunkName(String prefix, String name) {
    return Sha256.isHex(name) && name.startsWith(prefix);
  }

  static String snapshotName(Instant time, String id) {
    return NAME_TIME.format(time) + "-" + id.substring(0, 12);
  }

  static boolean isSnapshotName(String name) {
    return SNAPSHOT_NAME.matcher(name).matches();
  }

  /** The time in a snapshot's name (to the second), if the name is one. */
  static Optional<Instant> snapshotTime(String name) {
    Matcher m = SNAPSHOT_NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(NAME_TIME.parse(m.group(1))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The 12 hex digits in a snapshot's name. */
  static String snapshotShortId(String name) {
    return name.substring(name.length() - 12);
  }
}
