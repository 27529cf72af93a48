package io.ferry.signing.snapshot;

import io.ferry.signing.manifest.Sha256;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One snapshot document: when, of what (stack, release, host), and for each stream its size, SHA-256
 * and chunk list. A backup writes one after all its chunks are stored; a bundle carries one for its
 * vanilla data. The text is line-oriented UTF-8 so {@code awk} and {@code sha256sum} can restore a
 * stream without Ferry (docs/onprem/backup-format.md is the contract):
 *
 * <pre>
 * ferry-snapshot 1
 * time 2026-11-23T02:00:00Z
 * kind backup
 * stack acd-demo
 * release 1.0.0
 * host acd01
 * new-chunks 3
 * new-bytes 1130496
 * stream database sql 2359296 &lt;sha256 of the stream&gt; 2
 * chunk &lt;sha256 of the chunk&gt; 1048576
 * chunk &lt;sha256 of the chunk&gt; 1310720
 * end
 * </pre>
 *
 * <p>{@link #toBytes} is deterministic (same fields, same bytes), and the snapshot's {@link #id} is the
 * SHA-256 of those bytes. {@link #parse} is strict: it refuses an unknown version or line, a missing or
 * repeated field, a chunk count or size sum that does not add up, and a document not ended by
 * {@code end}, naming the line. Immutable and thread-safe.
 */
public final class Snapshot {
  public static final String MAGIC = "ferry-snapshot";
  public static final int FORMAT_VERSION = 1;
  private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final Pattern WORD = Pattern.compile("[\\x21-\\x7e&&[^=]]{1,200}");
  private static final List<String> FIELDS = List.of("time", "kind", "stack", "release", "host", "new-chunks", "new-bytes");

  private final Instant time;
  private final SnapshotKind kind;
  private final String stack;
  private final String release;
  private final String host;
  private final long newChunks;
  private final long newBytes;
  private final List<SnapshotStream> streams;
  private final byte[] bytes;
  private final String id;

  private Snapshot(Builder b) {
    this.time = Objects.requireNonNull(b.time, "time");
    this.kind = Objects.requireNonNull(b.kind, "kind");
    if (b.stack == null || !STACK.matcher(b.stack).matches()) {
      throw new IllegalArgumentException("the stack name is missing or not of [a-z0-9_.-]: " + b.stack);
    }
    this.stack = b.stack;
    this.release = word("release", b.release);
    this.host = word("host", b.host);
    if (b.newChunks < 0 || b.newBytes < 0) {
      throw new IllegalArgumentException("negative new-chunks or new-bytes");
    }
    this.newChunks = b.newChunks;
    this.newBytes = b.newBytes;
    this.streams = List.copyOf(b.streams);
    Set<String> names = new LinkedHashSet<>();
    for (SnapshotStream s : streams) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("stream " + s.name() + " is listed twice");
      }
    }
    this.bytes = render();
    this.id = Sha256.hexOf(bytes);
  }

  private static String word(String what, String v) {
    if (v == null || !WORD.matcher(v).matches()) {
      throw new IllegalArgumentException("the " + what + " is missing or not one word of printable ASCII without '=': " + v);
    }
    return v;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** When the backup started (for vanilla data: when the bundle was built), UTC. */
  public Instant time() { return time; }
  public SnapshotKind kind() { return kind; }
  public String stack() { return stack; }
  /** The release that was running (backup) or that ships the data (vanilla). */
  public String release() { return release; }
  /** The host the data came from. */
  public String host() { return host; }
  /** How many chunks this backup stored that the repository did not have. */
  public long newChunks() { return newChunks; }
  /** The stored (compressed) bytes of those new chunks: what this backup added to the repository. */
  public long newBytes() { return newBytes; }
  public List<SnapshotStream> streams() { return streams; }

  public Optional<SnapshotStream> stream(String name) {
    return streams.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The plain bytes of all streams together. */
  public long size() {
    return streams.stream().mapToLong(SnapshotStream::size).sum();
  }

  /** Every chunk the snapshot needs, once each, in first-use order, with its plain size. */
  public Map<String, Integer> chunks() {
    Map<String, Integer> all = new LinkedHashMap<>();
    for (SnapshotStream s : streams) {
      for (ChunkRef c : s.chunks()) {
        all.putIfAbsent(c.id(), c.size());
      }
    }
    return all;
  }

  /** SHA-256 in lower-case hex of {@link #toBytes()}. */
  public String id() {
    return id;
  }

  /** The first 12 hex digits of the id, as used in file names and messages. */
  public String shortId() {
    return id.substring(0, 12);
  }

  /** Snapshots are equal when their documents are: the same id. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot other && other.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "snapshot " + shortId() + " (" + kind.token() + " of " + stack + " " + release + " on " + host + " at " + time + ")";
  }

  /** The document's text; the same snapshot always gives the same bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  private byte[] render() {
    StringBuilder out = new StringBuilder();
    out.append(MAGIC).append(' ').append(FORMAT_VERSION).append('\n');
    out.append("time ").append(time).append('\n');
    out.append("kind ").append(kind.token()).append('\n');
    out.append("stack ").append(stack).append('\n');
    out.append("release ").append(release).append('\n');
    out.append("host ").append(host).append('\n');
    out.append("new-chunks ").append(newChunks).append('\n');
    out.append("new-bytes ").append(newBytes).append('\n');
    for (SnapshotStream s : streams) {
      out.append("stream ").append(s.name()).append(' ').append(s.format()).append(' ').append(s.size()).append(' ')
          .append(s.sha256()).append(' ').append(s.chunks().size()).append('\n');
      for (ChunkRef c : s.chunks()) {
        out.append("chunk ").append(c.id()).append(' ').append(c.size()).append('\n');
      }
    }
    out.append("end\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a snapshot document; every error names the line. */
  public static Snapshot parse(byte[] bytes) throws SnapshotFormatException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new SnapshotFormatException("snapshot: not UTF-8 text");
    }
    if (text.isEmpty()) {
      throw new SnapshotFormatException("snapshot: the document is empty");
    }
    if (!text.startsWith(MAGIC + " ")) {
      throw new SnapshotFormatException("snapshot line 1: not a Ferry snapshot (it does not start with '" + MAGIC + "')");
    }
    if (!text.endsWith("\n")) {
      throw new SnapshotFormatException("snapshot: the document is cut short (its last line has no line end)");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    Builder b = builder();
    Map<String, String> fields = new LinkedHashMap<>();
    Pending stream = null;
    boolean ended = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = "snapshot line " + (i + 1) + ": ";
      if (i == 0) {
        if (!line.startsWith(MAGIC + " ")) {
          throw new SnapshotFormatException(where + "not a Ferry snapshot (it does not start with '" + MAGIC + "')");
        }
        String v = line.substring(MAGIC.length() + 1);
        if (!v.equals(String.valueOf(FORMAT_VERSION))) {
          throw new SnapshotFormatException(where + "snapshot format version " + v + " is not one this Ferry reads ("
              + FORMAT_VERSION + "); use a newer Ferry");
        }
        continue;
      }
      if (ended) {
        throw new SnapshotFormatException(where + "text after 'end'");
      }
      String[] f = line.split(" ", -1);
      String key = f[0];
      try {
        switch (key) {
          case "stream" -> {
            need(f, 6, where, "stream NAME FORMAT SIZE SHA256 CHUNKS");
            if (stream != null) {
              b.stream(stream.finish());
            }
            stream = new Pending(i + 1, f[1], f[2], number(f[3], where), f[4], number(f[5], where));
          }
          case "chunk" -> {
            need(f, 3, where, "chunk ID SIZE");
            if (stream == null) {
              throw new SnapshotFormatException(where + "a chunk before any stream");
            }
            long size = number(f[2], where);
            if (size > ChunkerParams.MAX_LIMIT) {
              throw new SnapshotFormatException(where + "chunk size " + size + " is larger than " + ChunkerParams.MAX_LIMIT);
            }
            stream.chunks.add(new ChunkRef(f[1], (int) size));
          }
          case "end" -> {
            need(f, 1, where, "end");
            if (stream != null) {
              b.stream(stream.finish());
              stream = null;
            }
            ended = true;
          }
          default -> {
            if (!FIELDS.contains(key)) {
              throw new SnapshotFormatException(where + "unknown line '" + key + "'");
            }
            if (stream != null || !b.streams.isEmpty()) {
              throw new SnapshotFormatException(where + "'" + key + "' after the first stream");
            }
            need(f, 2, where, key + " VALUE");
            if (fields.put(key, f[1]) != null) {
              throw new SnapshotFormatException(where + "'" + key + "' is given twice");
            }
            field(b, key, f[1], where);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new SnapshotFormatException(where + e.getMessage());
      }
    }
    if (!ended) {
      throw new SnapshotFormatException("snapshot: the document is cut short (no 'end' line)");
    }
    for (String key : FIELDS) {
      if (!fields.containsKey(key)) {
        throw new SnapshotFormatException("snapshot: the '" + key + "' line is missing");
      }
    }
    try {
      Snapshot s = b.build();
      // Only one spelling of each value is valid (e.g. no leading zeros, one time format), so that the
      // document's id is well defined: parsing and rendering must give back the same bytes.
      if (!java.util.Arrays.equals(s.bytes, bytes)) {
        throw new SnapshotFormatException("snapshot: the document is not in canonical form (a number, time or "
            + "field order is written differently than Ferry writes it)");
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new SnapshotFormatException("snapshot: " + e.getMessage());
    }
  }

  private static void field(Builder b, String key, String v, String where) throws SnapshotFormatException {
    switch (key) {
      case "time" -> {
        try {
          b.time(Instant.parse(v));
        } catch (DateTimeParseException e) {
          throw new SnapshotFormatException(where + "not a UTC time like 2026-11-23T02:00:00Z: " + v);
        }
      }
      case "kind" -> {
        SnapshotKind k = SnapshotKind.ofToken(v);
        if (k == null) {
          throw new SnapshotFormatException(where + "unknown kind '" + v + "' (backup or vanilla)");
        }
        b.kind(k);
      }
      case "stack" -> b.stack(v);
      case "release" -> b.release(v);
      case "host" -> b.host(v);
      case "new-chunks" -> b.newChunks(number(v, where));
      case "new-bytes" -> b.newBytes(number(v, where));
      default -> throw new IllegalStateException(key);
    }
  }

  private static void need(String[] f, int n, String where, String syntax) throws SnapshotFormatException {
    if (f.length != n) {
      throw new SnapshotFormatException(where + "expected '" + syntax + "' (" + n + " words separated by one space)");
    }
  }

  private static long number(String s, String where) throws SnapshotFormatException {
    if (!s.matches("0|[1-9][0-9]{0,17}")) {
      throw new SnapshotFormatException(where + "not a number: '" + s + "'");
    }
    return Long.parseLong(s);
  }

  /** A stream whose chunk lines are still being read. */
  private static final class Pending {
    final int line;
    final String name;
    final String format;
    final long size;
    final String sha256;
    final long count;
    final List<ChunkRef> chunks = new ArrayList<>();

    Pending(int line, String name, String format, long size, String sha256, long count) {
      this.line = line;
      this.name = name;
      this.format = format;
      this.size = size;
      this.sha256 = sha256;
      this.count = count;
    }

    SnapshotStream finish() throws SnapshotFormatException {
      String where = "snapshot line " + line + ": ";
      if (chunks.size() != count) {
        throw new SnapshotFormatException(where + "stream " + name + " announces " + count + " chunks but " + chunks.size()
            + " follow");
      }
      try {
        return new SnapshotStream(name, format, size, sha256, chunks);
      } catch (IllegalArgumentException e) {
        throw new SnapshotFormatException(where + e.getMessage());
      }
    }
  }

  /** Collects a snapshot's parts; {@link #build} checks them (an {@link IllegalArgumentException} names what is wrong). */
  public static final class Builder {
    private Instant time;
    private SnapshotKind kind;
    private String stack;
    private String release;
    private String host;
    private long newChunks;
    private long newBytes;
    private final List<SnapshotStream> streams = new ArrayList<>();

    public Builder time(Instant v) { time = v; return this; }
    public Builder kind(SnapshotKind v) { kind = v; return this; }
    public Builder stack(String v) { stack = v; return this; }
    public Builder release(String v) { release = v; return this; }
    public Builder host(String v) { host = v; return this; }
    public Builder newChunks(long v) { newChunks = v; return this; }
    public Builder newBytes(long v) { newBytes = v; return this; }
    public Builder stream(SnapshotStream v) { streams.add(Objects.requireNonNull(v, "stream")); return this; }

    public Snapshot build() {
      return new Snapshot(this);
    }
  }
}
