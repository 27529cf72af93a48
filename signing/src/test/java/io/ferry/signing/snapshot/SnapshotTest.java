package io.ferry.signing.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.signing.manifest.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final String S1 = "1".repeat(64);
  static final String S2 = "2".repeat(64);

  static Snapshot sample() {
    return Snapshot.builder()
        .time(Instant.parse("2026-11-23T02:00:00Z")).kind(SnapshotKind.BACKUP)
        .stack("acd-demo").release("1.0.0").host("acd01").newChunks(2).newBytes(4321)
        .stream(new SnapshotStream("database", "sql", 300, S1, List.of(new ChunkRef(A, 100), new ChunkRef(B, 200))))
        .stream(new SnapshotStream("config/customer.yaml", "yaml", 100, S2, List.of(new ChunkRef(A, 100))))
        .stream(new SnapshotStream("volume/empty", "tar", 0, Sha256.hexOf(new byte[0]), List.of()))
        .build();
  }

  static final String SAMPLE_TEXT = """
      ferry-snapshot 1
      time 2026-11-23T02:00:00Z
      kind backup
      stack acd-demo
      release 1.0.0
      host acd01
      new-chunks 2
      new-bytes 4321
      stream database sql 300 %s 2
      chunk %s 100
      chunk %s 200
      stream config/customer.yaml yaml 100 %s 1
      chunk %s 100
      stream volume/empty tar 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0
      end
      """.formatted(S1, A, B, S2, A);

  @Test
  void theTextIsTheDocumentedOneAndRoundTrips() throws Exception {
    Snapshot s = sample();
    assertEquals(SAMPLE_TEXT, new String(s.toBytes(), StandardCharsets.UTF_8));
    Snapshot parsed = Snapshot.parse(s.toBytes());
    assertArrayEquals(s.toBytes(), parsed.toBytes());
    assertEquals(Sha256.hexOf(s.toBytes()), parsed.id());
    assertEquals(parsed.id().substring(0, 12), parsed.shortId());
    assertEquals(400, parsed.size());
    assertEquals(List.of(A, B), List.copyOf(parsed.chunks().keySet()), "each chunk once");
    assertEquals(S2, parsed.stream("config/customer.yaml").orElseThrow().sha256());
    assertEquals(SnapshotKind.BACKUP, parsed.kind());
    assertEquals(4321, parsed.newBytes());
  }

  @Test
  void theSameFieldsGiveTheSameBytes() {
    assertArrayEquals(sample().toBytes(), sample().toBytes());
    assertEquals(sample().id(), sample().id());
  }

  private static void refused(String text, String expected) {
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
        () -> Snapshot.parse(text.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
  }

  @Test
  void parseErrorsNameTheLine() {
    refused(SAMPLE_TEXT.replace("ferry-snapshot 1", "ferry-snapshot 2"), "snapshot line 1: snapshot format version 2");
    refused(SAMPLE_TEXT.replace("ferry-snapshot 1", "ferry-snapshot 2"), "use a newer Ferry");
    refused("hello\n", "snapshot line 1: not a Ferry snapshot");
    refused(SAMPLE_TEXT.replace("host acd01\n", "host acd01\nlabel x\n"), "snapshot line 7: unknown line 'label'");
    refused(SAMPLE_TEXT.replace("release 1.0.0\n", "release 1.0.0\nrelease 1.0.1\n"), "snapshot line 6: 'release' is given twice");
    refused(SAMPLE_TEXT.replace("host acd01\n", ""), "the 'host' line is missing");
    refused(SAMPLE_TEXT.replace("sql 300 " + S1 + " 2", "sql 300 " + S1 + " 3"), "snapshot line 9: stream database announces 3 chunks but 2 follow");
    refused(SAMPLE_TEXT.replace("sql 300 ", "sql 301 "), "snapshot line 9: stream database is 301 bytes but its chunks add up to 300");
    refused(SAMPLE_TEXT.replace("chunk " + B + " 200", "chunk " + B + " x"), "snapshot line 11: not a number: 'x'");
    refused(SAMPLE_TEXT.replace("chunk " + B + " 200", "chunk " + B.substring(1) + "  200"), "snapshot line 11: expected 'chunk ID SIZE'");
    refused(SAMPLE_TEXT.replace("chunk " + B, "chunk " + "B".repeat(64)), "snapshot line 11: a chunk id must be 64 lower-case hex digits");
    refused(SAMPLE_TEXT.replace("stream database", "stream ../database"), "snapshot line 9: stream name '../database'");
    refused(SAMPLE_TEXT.replace("time 2026-11-23T02:00:00Z", "time yesterday"), "snapshot line 2: not a UTC time");
    refused(SAMPLE_TEXT.replace("kind backup", "kind full"), "snapshot line 3: unknown kind 'full'");
    refused(SAMPLE_TEXT.replace("new-bytes 4321", "new-bytes 04321"), "snapshot line 8: not a number: '04321'");
    refused(SAMPLE_TEXT.replace("end\n", "end\nstream x\n"), "snapshot line 16: text after 'end'");
    refused(SAMPLE_TEXT.replace("new-bytes 4321\n", "").replace("end\n", "new-bytes 4321\nend\n"),
        "'new-bytes' after the first stream");
    refused("ferry-snapshot 1\nchunk " + A + " 1\nend\n", "snapshot line 2: a chunk before any stream");
    refused(SAMPLE_TEXT + "\n", "snapshot line 16: text after 'end'");
    refused(SAMPLE_TEXT.replace("\n", "\r\n"), "snapshot line 1");
    refused("", "empty");
  }

  @Test
  void aCutShortDocumentIsRefused() {
    int at = SAMPLE_TEXT.indexOf("chunk " + B);
    refused(SAMPLE_TEXT.substring(0, at), "no 'end' line");
    refused(SAMPLE_TEXT.substring(0, at + 10), "cut short");
  }

  @Test
  void onlyTheCanonicalSpellingIsAccepted() {
    // Field order differs from what Ferry writes: the same content would have another id.
    String swapped = SAMPLE_TEXT.replace("stack acd-demo\nrelease 1.0.0\n", "release 1.0.0\nstack acd-demo\n");
    refused(swapped, "not in canonical form");
    refused(SAMPLE_TEXT.replace("2026-11-23T02:00:00Z", "2026-11-23T02:00:00.000Z"), "not in canonical form");
  }

  @Test
  void builderRefusesBadValues() {
    assertThrows(IllegalArgumentException.class, () -> Snapshot.builder().time(Instant.EPOCH).kind(SnapshotKind.VANILLA)
        .stack("Acd").release("1").host("h").build());
    assertThrows(IllegalArgumentException.class, () -> Snapshot.builder().time(Instant.EPOCH).kind(SnapshotKind.VANILLA)
        .stack("acd").release("1 0").host("h").build());
    assertThrows(IllegalArgumentException.class, () -> Snapshot.builder().time(Instant.EPOCH).kind(SnapshotKind.VANILLA)
        .stack("acd").release("1").host("h")
        .stream(new SnapshotStream("db", "sql", 1, S1, List.of(new ChunkRef(A, 1))))
        .stream(new SnapshotStream("db", "sql", 1, S1, List.of(new ChunkRef(A, 1)))).build());
  }
}
