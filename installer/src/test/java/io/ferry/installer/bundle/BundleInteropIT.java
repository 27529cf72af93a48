package io.ferry.installer.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.cli.FerryCommand;
import io.ferry.signing.manifest.BundleLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented way to check a bundle without Ferry (tar, gpg, sha256sum: docs/onprem/bundle-format.md)
 * must agree with 'ferry verify', on a good bundle and on a tampered one.
 */
class BundleInteropIT {
  @TempDir static Path tmp;
  static RealBundles.Fixture fx;

  @BeforeAll
  static void bundle() throws Exception {
    fx = RealBundles.sample();
  }

  /** Exactly the commands of docs/onprem/bundle-format.md, "Verifying without Ferry". */
  static boolean verifiesWithoutFerry(Path bundle, Path publicKey, Path work) throws Exception {
    String script = """
        set -eu
        BUNDLE="$1"; KEY="$2"; WORK="$3"
        mkdir -p "$WORK/x" "$WORK/gnupg"; chmod 700 "$WORK/gnupg"
        cd "$WORK/x"
        tar -xf "$BUNDLE"
        # 1. the manifest's signature, by the vendor's key, not expired or revoked
        gpg --homedir "$WORK/gnupg" --batch --quiet --import "$KEY"
        gpg --homedir "$WORK/gnupg" --batch --status-fd 1 --verify manifest.asc manifest > "$WORK/status"
        grep -q '^\\[GNUPG:\\] VALIDSIG ' "$WORK/status"
        ! grep -qE '^\\[GNUPG:\\] (EXPKEYSIG|REVKEYSIG|BADSIG) ' "$WORK/status"
        # 2. every listed entry's SHA-256 and size
        awk '$1=="blob" {print $2"  blobs/sha256/"$2}' manifest | sha256sum --check --strict --quiet
        awk '$1=="blob" {print $3, "blobs/sha256/"$2}' manifest | while read -r size path; do
          [ "$(stat -c %s "$path")" = "$size" ] || { echo "wrong size: $path"; exit 1; }
        done
        # 3. nothing else in the bundle
        tar -tf "$BUNDLE" | grep -v -x -e manifest -e manifest.asc | sort > "$WORK/entries"
        awk '$1=="blob" {print "blobs/sha256/"$2}' manifest | sort > "$WORK/listed"
        cmp -s "$WORK/entries" "$WORK/listed"
        """;
    RealBundles.Run run = RealBundles.run(
        List.of("bash", "-c", script, "verify", bundle.toString(), publicKey.toString(), work.toString()), Map.of(), 600);
    return run.exitCode() == 0;
  }

  static int ferryVerify(Path bundle, Path trust, StringWriter err) {
    return FerryCommand.commandLine()
        .setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err))
        .execute("verify", bundle.toString(), "--trust", trust.toString());
  }

  @Test
  void goodBundleVerifiesBothWays() throws Exception {
    assertTrue(verifiesWithoutFerry(fx.bundle(), fx.releasePublic(), tmp.resolve("good")));
    assertEquals(0, ferryVerify(fx.bundle(), fx.releasePublic(), new StringWriter()));
  }

  @Test
  void flippedLayerByteFailsBothWays() throws Exception {
    Path bad = tmp.resolve("flipped.ferry");
    TarRewriter.rewrite(fx.bundle(), bad, TarRewriter.flipByte(n -> n.startsWith(BundleLayout.BLOB_PREFIX)
        && sizeOf(n) > 1_000_000, 777_777));
    assertEquals(false, verifiesWithoutFerry(bad, fx.releasePublic(), tmp.resolve("flipped")));
    assertEquals(10, ferryVerify(bad, fx.releasePublic(), new StringWriter()));
  }

  @Test
  void foreignSignatureFailsBothWays() throws Exception {
    Path bad = tmp.resolve("foreign.ferry");
    byte[] foreign = io.ferry.signing.pgp.SigningKey.load(fx.strangerSecret(), RealBundles.PASSPHRASE.toCharArray())
        .signDetached(new java.io.ByteArrayInputStream(readManifest()));
    TarRewriter.rewrite(fx.bundle(), bad, TarRewriter.replace(n -> n.equals(BundleLayout.SIGNATURE), foreign));
    assertEquals(false, verifiesWithoutFerry(bad, fx.releasePublic(), tmp.resolve("foreign")));
    StringWriter err = new StringWriter();
    assertEquals(11, ferryVerify(bad, fx.releasePublic(), err));
    assertTrue(err.toString().contains("is not signed by a trusted release key"), err.toString());
  }

  private static long sizeOf(String entry) {
    try {
      String hex = BundleLayout.blobDigestOf(entry);
      for (String line : new String(readManifest(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("blob " + hex + " ")) {
          return Long.parseLong(line.split(" ")[2]);
        }
      }
      return 0;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readManifest() throws Exception {
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(fx.bundle()))) {
      tar.getNextEntry();
      return tar.readAllBytes();
    }
  }
}
