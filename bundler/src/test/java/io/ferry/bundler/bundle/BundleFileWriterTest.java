package io.ferry.bundler.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle file written in one pass: placeholder headers patched after the data, duplicates cut
 * off, the front region filled exactly by manifest + pax comment + signature. Read back with
 * Commons Compress (what the installer uses), Python's tarfile and GNU tar.
 */
class BundleFileWriterTest {
  static final Instant TIME = Instant.parse("2026-11-23T08:30:00Z");
  static final int MANIFEST_BOUND = 3000;

  @TempDir Path tmp;

  /** What the writer put in, by entry name, in file order. */
  record Written(Path bundle, Map<String, byte[]> entries, long front) {}

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] text(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; s.length() < n; i++) {
      s.append("line ").append(i).append(" of some log-like text, status=200 dur_ms=").append(i % 97).append('\n');
    }
    return s.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] unzstd(byte[] compressed) throws IOException {
    try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  Written write(String name, int manifestLength, int signatureLength) throws IOException {
    Path out = tmp.resolve(name);
    long front = BundleFileWriter.frontRegion(MANIFEST_BOUND, BundleFileWriter.SIGNATURE_RESERVE);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    byte[] manifest = text(manifestLength);
    byte[] signature = Arrays.copyOf("-----BEGIN PGP SIGNATURE-----\n".getBytes(StandardCharsets.US_ASCII),
        signatureLength);
    entries.put(BundleLayout.MANIFEST, manifest);
    entries.put(BundleLayout.SIGNATURE, signature);
    byte[] layer = text(3 << 20);
    byte[] incompressible = random(700_001, 7);
    try (BundleFileWriter w = BundleFileWriter.create(out, front, TIME, 3, 2)) {
      byte[] file = "services:\n  db:\n    image: x/db:1\n".getBytes(StandardCharsets.UTF_8);
      WrittenBlob f = w.putRaw(file);
      assertEquals(front, f.offset(), "the first blob starts right after the front region");
      entries.put(BundleLayout.blobPath(f.digest()), file);
      WrittenBlob l = w.putCompressed(new ByteArrayInputStream(layer), null);
      assertEquals(Sha256.hexOf(layer), l.contentDigest());
      assertEquals(layer.length, l.contentSize());
      assertEquals(front + 512 + 512, l.offset());
      entries.put(BundleLayout.blobPath(l.digest()), null);
      long end = l.offset() + 512 + TarHeaders.padded(l.size());
      // The same content again: cut off, the first copy returned.
      assertSame(l, w.putCompressed(new ByteArrayInputStream(layer), null));
      assertSame(f, w.putRaw(file));
      // Content the caller does not want (not a layer of the images): cut off too.
      assertNull(w.putCompressed(new ByteArrayInputStream(random(300_000, 9)), null, d -> false));
      WrittenBlob r = w.putCompressed(new ByteArrayInputStream(incompressible), null);
      assertEquals(end, r.offset(), "refused and duplicate blobs leave no trace");
      entries.put(BundleLayout.blobPath(r.digest()), null);
      byte[] empty = new byte[0];
      WrittenBlob e = w.putRaw(empty);
      entries.put(BundleLayout.blobPath(e.digest()), empty);
      assertEquals(List.of(f, l, r, e), w.blobs());
      w.finish(manifest, signature);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no temporary file left");
    }
    assertTrue(Files.exists(out));
    return new Written(out, entries, front);
  }

  @Test
  void readsBackWithCommonsCompressAsManifestSignatureBlobs() throws Exception {
    for (int[] sizes : new int[][] {{MANIFEST_BOUND, BundleFileWriter.SIGNATURE_RESERVE}, {100, 228}, {1, 1},
        {512, 512}, {2561, 2000}}) {
      Written w = write("b-" + sizes[0] + "-" + sizes[1] + ".ferry", sizes[0], sizes[1]);
      List<String> names = new ArrayList<>();
      try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(w.bundle()))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          names.add(e.getName());
          assertTrue(e.isFile() && e.isCheckSumOK(), e.getName());
          assertEquals(0644, e.getMode());
          assertEquals(Date.from(TIME), e.getModTime());
          byte[] content = tar.readAllBytes();
          assertEquals(e.getSize(), content.length);
          byte[] expected = w.entries().get(e.getName());
          if (expected != null) {
            assertArrayEquals(expected, content, e.getName());
          } else {
            assertEquals(BundleLayout.blobDigestOf(e.getName()), Sha256.hexOf(content), "named by its digest");
            unzstd(content);
          }
          boolean padding = e.getName().equals(BundleLayout.SIGNATURE);
          assertEquals(padding, e.getExtraPaxHeaders().containsKey(TarHeaders.COMMENT), e.getName());
        }
      }
      assertEquals(new ArrayList<>(w.entries().keySet()), names);
      long length = Files.size(w.bundle());
      assertEquals(0, length % TarHeaders.RECORD, "whole tar records");
      byte[] bytes = Files.readAllBytes(w.bundle());
      String firstBlob = new String(bytes, (int) w.front(), 13, StandardCharsets.US_ASCII);
      assertEquals(BundleLayout.BLOB_PREFIX, firstBlob, "the front region is filled exactly");
    }
  }

  @Test
  void readsBackWithPythonTarfileAndGnuTar() throws Exception {
    Written w = write("py.ferry", 1234, 300);
    Assumptions.assumeTrue(works("python3", "--version"), "python3 is not installed");
    String script = """
        import sys, tarfile, hashlib
        with tarfile.open(sys.argv[1]) as t:
            for m in t:
                data = t.extractfile(m).read()
                print(m.name, m.size, len(data), hashlib.sha256(data).hexdigest(), m.type.decode(),
                      ','.join(sorted(m.pax_headers)) or '-')
        """;
    List<String> lines = run("python3", "-c", script, w.bundle().toString());
    List<String> names = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      names.add(f[0]);
      assertEquals(f[1], f[2], line);
      assertEquals("0", f[4], "a regular file: " + line);
      byte[] expected = w.entries().get(f[0]);
      String digest = expected != null ? Sha256.hexOf(expected) : BundleLayout.blobDigestOf(f[0]);
      assertEquals(digest, f[3], line);
      assertEquals(f[0].equals(BundleLayout.SIGNATURE) ? "comment" : "-", f[5], line);
    }
    assertEquals(new ArrayList<>(w.entries().keySet()), names);
    if (works("tar", "--version")) {
      assertEquals(names, run("tar", "-tf", w.bundle().toString()));
      Path x = Files.createDirectories(tmp.resolve("x"));
      run("tar", "-xf", w.bundle().toString(), "-C", x.toString());
      try (Stream<Path> files = Files.walk(x)) {
        assertEquals(names.size(), files.filter(Files::isRegularFile).count(), "nothing but the entries extracted");
      }
      assertArrayEquals(w.entries().get(BundleLayout.SIGNATURE), Files.readAllBytes(x.resolve(BundleLayout.SIGNATURE)));
    }
  }

  @Test
  void headersAreTheOnesTarArchiveOutputStreamWrites() throws Exception {
    String name = BundleLayout.blobPath("ab".repeat(32));
    for (long size : new long[] {0, 1, 511, 512, 77_777_777, TarHeaders.MAX_OCTAL_SIZE}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      // One-block records, so the header reaches 'bytes' at once; the stream is never finished.
      TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, 512);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(size);
      e.setMode(0644);
      e.setModTime(Date.from(TIME));
      e.setUserId(0);
      e.setGroupId(0);
      e.setUserName("");
      e.setGroupName("");
      tar.putArchiveEntry(e);
      tar.flush();
      assertArrayEquals(bytes.toByteArray(), TarHeaders.file(name, size, TIME), "size " + size);
    }
  }

  @Test
  void sizesBeyondOctalUseBase256() throws Exception {
    long size = 9L << 30;
    byte[] header = TarHeaders.file(BundleLayout.blobPath("cd".repeat(32)), size, TIME);
    TarArchiveEntry e = new TarArchiveEntry(header);
    assertEquals(size, e.getSize());
    assertTrue(e.isCheckSumOK());
    Assumptions.assumeTrue(works("python3", "--version"), "python3 is not installed");
    Path h = tmp.resolve("header");
    Files.write(h, header);
    assertEquals(List.of(Long.toString(size)), run("python3", "-c",
        "import sys, tarfile; print(tarfile.TarInfo.frombuf(open(sys.argv[1], 'rb').read(), 'utf-8', 'strict').size)",
        h.toString()));
  }

  @Test
  void paxPaddingFillsExactlyAndIsOneCommentRecord() throws Exception {
    for (int blocks = 2; blocks < 40; blocks += 3) {
      byte[] pax = TarHeaders.paxPadding(BundleLayout.SIGNATURE, blocks * 512, TIME);
      assertEquals(blocks * 512, pax.length);
      String records = new String(pax, 512, pax.length - 512, StandardCharsets.US_ASCII);
      int space = records.indexOf(' ');
      assertEquals(records.length(), Integer.parseInt(records.substring(0, space)), "the record's length field");
      assertTrue(records.substring(space + 1).startsWith("comment="), records);
      assertTrue(records.endsWith("\n") && records.indexOf('\n') == records.length() - 1, "one record");
    }
  }

  @Test
  void syncsInTheBackgroundPastSixtyFourMegabytesAndStillReadsBack() throws Exception {
    Path out = tmp.resolve("big.ferry");
    long front = BundleFileWriter.frontRegion(MANIFEST_BOUND, BundleFileWriter.SIGNATURE_RESERVE);
    List<String> digests = new ArrayList<>();
    try (BundleFileWriter w = BundleFileWriter.create(out, front, TIME, 1, 2)) {
      for (int i = 0; i < 3; i++) {
        // incompressible, so each stored blob is ~30 MiB: the second one passes the sync threshold
        digests.add(w.putCompressed(new ByteArrayInputStream(random(30 << 20, i)), null).digest());
      }
      w.finish("m".getBytes(StandardCharsets.US_ASCII), "s".getBytes(StandardCharsets.US_ASCII));
    }
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(out))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
        byte[] content = tar.readAllBytes();
        if (e.getName().startsWith(BundleLayout.BLOB_PREFIX)) {
          assertEquals(BundleLayout.blobDigestOf(e.getName()), Sha256.hexOf(content));
        }
      }
    }
    List<String> expected = new ArrayList<>(List.of(BundleLayout.MANIFEST, BundleLayout.SIGNATURE));
    digests.forEach(d -> expected.add(BundleLayout.blobPath(d)));
    assertEquals(expected, names);
  }

  @Test
  void aManifestBeyondTheReservedRoomFailsAndLeavesNothing() throws Exception {
    Path out = tmp.resolve("over.ferry");
    long front = BundleFileWriter.frontRegion(MANIFEST_BOUND, BundleFileWriter.SIGNATURE_RESERVE);
    try (BundleFileWriter w = BundleFileWriter.create(out, front, TIME, 3, 1)) {
      w.putRaw(new byte[10]);
      IOException e = assertThrows(IOException.class,
          () -> w.finish(new byte[MANIFEST_BOUND + 600], new byte[BundleFileWriter.SIGNATURE_RESERVE]));
      assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList());
    }
    assertFalse(Files.exists(out));
  }

  @Test
  void aFailedBuildLeavesNoTemporaryFile() throws Exception {
    Path out = tmp.resolve("failed.ferry");
    try (BundleFileWriter w = BundleFileWriter.create(out, 8192, TIME, 3, 1)) {
      InputStream broken = new InputStream() {
        int n;

        @Override
        public int read() throws IOException {
          if (n++ > 100_000) {
            throw new IOException("connection reset");
          }
          return 'a';
        }
      };
      assertThrows(IOException.class, () -> w.putCompressed(broken, null));
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList());
    }
  }

  static boolean works(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static List<String> run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
    return out.lines().toList();
  }
}
