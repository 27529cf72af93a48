package io.ferry.installer.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.cli.FerryCommand;
import io.ferry.signing.manifest.BundleLayout;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tamper case of the signed-bundles issue on a REAL bundle of the sample stack, through the
 * real CLI: one line on stderr naming the entry and the reason, the documented exit code, no trace.
 */
class BundleTamperIT {
  @TempDir static Path tmp;
  static RealBundles.Fixture fx;
  static String bigLayer;
  static byte[] manifest;

  @BeforeAll
  static void bundle() throws Exception {
    fx = RealBundles.sample();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(fx.bundle()))) {
      tar.getNextEntry();
      manifest = tar.readAllBytes();
    }
    long best = -1;
    for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
      String[] f = line.split(" ");
      if (f[0].equals("blob") && f[3].equals("layer") && Long.parseLong(f[2]) > best) {
        best = Long.parseLong(f[2]);
        bigLayer = f[1];
      }
    }
  }

  record Outcome(int code, String out, String err) {}

  static Outcome verify(Path bundle) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FerryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("verify", bundle.toString(), "--trust", fx.releasePublic().toString());
    return new Outcome(code, out.toString(), err.toString());
  }

  static Outcome tampered(String name, TarRewriter.Edit edit) throws Exception {
    Path bad = tmp.resolve(name + ".ferry");
    TarRewriter.rewrite(fx.bundle(), bad, edit);
    Outcome o = verify(bad);
    Files.delete(bad);
    return o;
  }

  static void assertRefused(Outcome o, int code, String... fragments) {
    assertEquals(code, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    assertTrue(o.err().startsWith("error: "), o.err());
    for (String f : fragments) {
      assertTrue(o.err().contains(f), "expected '" + f + "' in: " + o.err());
    }
    assertEquals("", o.out());
  }

  @Test
  void realBundleVerifies() {
    Outcome o = verify(fx.bundle());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("verified: acd-demo 1.0.0, signed by "), o.out());
    assertTrue(o.out().contains(", 4 images, "), o.out());
    assertTrue(o.out().contains("of disk on the host"), o.out());
  }

  @Test
  void flipOneByteInsideALayer() throws Exception {
    assertRefused(tampered("flip", TarRewriter.flipByte(n -> n.endsWith(bigLayer), 4_242_424)), 10,
        "blobs/sha256/" + bigLayer, "wrong digest");
  }

  @Test
  void editTheManifest() throws Exception {
    byte[] edited = new String(manifest, StandardCharsets.UTF_8).replace("release 1.0.0", "release 1.0.9")
        .getBytes(StandardCharsets.UTF_8);
    assertRefused(tampered("edit", TarRewriter.replace(n -> n.equals(BundleLayout.MANIFEST), edited)), 11,
        "signature does not match");
  }

  @Test
  void reSignWithAnUntrustedKey() throws Exception {
    byte[] edited = new String(manifest, StandardCharsets.UTF_8).replace("release 1.0.0", "release 1.0.9")
        .getBytes(StandardCharsets.UTF_8);
    var stranger = io.ferry.signing.pgp.SigningKey.load(fx.strangerSecret(), RealBundles.PASSPHRASE.toCharArray());
    byte[] signature = stranger.signDetached(new ByteArrayInputStream(edited));
    TarRewriter.Edit both = new TarRewriter.Edit() {
      @Override
      public void entry(org.apache.commons.compress.archivers.tar.TarArchiveEntry e, java.io.InputStream in,
          org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out) throws java.io.IOException {
        if (e.getName().equals(BundleLayout.MANIFEST)) {
          TarRewriter.put(out, e.getName(), edited);
        } else if (e.getName().equals(BundleLayout.SIGNATURE)) {
          TarRewriter.put(out, e.getName(), signature);
        } else {
          TarRewriter.copy(e, in, out);
        }
      }
    };
    assertRefused(tampered("resign", both), 11, stranger.keyId());
  }

  @Test
  void appendAnEntry() throws Exception {
    assertRefused(tampered("append", TarRewriter.appendFile("blobs/sha256/" + "0".repeat(64), new byte[512])), 10,
        "blobs/sha256/" + "0".repeat(64), "extra entry");
  }

  @Test
  void removeAnEntry() throws Exception {
    assertRefused(tampered("drop", TarRewriter.drop(n -> n.endsWith(bigLayer))), 10, bigLayer, "missing");
  }

  @Test
  void duplicateAnEntry() throws Exception {
    String config = null;
    for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("blob ") && line.endsWith(" config")) {
        config = line.split(" ")[1];
      }
    }
    String c = config;
    assertRefused(tampered("dup", TarRewriter.duplicate(n -> n.endsWith(c))), 10, c, "duplicate entry");
  }

  @Test
  void wrongSize() throws Exception {
    String file = null;
    for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("file compose.yaml ")) {
        file = line.split(" ")[2];
      }
    }
    String f = file;
    assertRefused(tampered("size", TarRewriter.replace(n -> n.endsWith(f), "services: {}\n".getBytes(StandardCharsets.UTF_8))),
        10, f, "wrong size");
  }

  @Test
  void truncate() throws Exception {
    Path cut = tmp.resolve("cut.ferry");
    TarRewriter.truncate(fx.bundle(), cut, Files.size(fx.bundle()) * 2 / 3);
    assertRefused(verify(cut), 10, "truncated");
  }

  @Test
  void craftedTraversalAbsoluteAndLinkEntries() throws Exception {
    assertRefused(tampered("dotdot", TarRewriter.appendFile("blobs/../../../tmp/evil", new byte[1])), 10,
        "blobs/../../../tmp/evil", "path with '..'");
    assertRefused(tampered("abs", TarRewriter.appendFile("/etc/cron.d/evil", new byte[1])), 10,
        "/etc/cron.d/evil", "absolute path");
    assertRefused(tampered("symlink", TarRewriter.appendLink("blobs/sha256/" + "1".repeat(64), "/etc/shadow", true)),
        10, "link entry");
    assertRefused(tampered("hardlink", TarRewriter.appendLink("blobs/sha256/" + "2".repeat(64), "manifest", false)),
        10, "link entry");
  }

  @Test
  void missingBundleAndUnreadableTrustAreClearToo() {
    StringWriter err = new StringWriter();
    int code = FerryCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
        .execute("verify", tmp.resolve("nope.ferry").toString(), "--trust", fx.releasePublic().toString());
    assertEquals(6, code);
    assertTrue(err.toString().contains("does not exist"), err.toString());
    err = new StringWriter();
    code = FerryCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
        .execute("verify", fx.bundle().toString(), "--trust", tmp.resolve("no-keys").toString());
    assertEquals(11, code);
    assertTrue(err.toString().contains("no-keys"), err.toString());
  }
}
