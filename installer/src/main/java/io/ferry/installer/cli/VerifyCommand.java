package io.ferry.installer.cli;

import io.ferry.installer.deploy.ExitCode;
import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BlobSink;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.BundleVerifier;
import io.ferry.installer.bundle.SignatureRejectedException;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.signing.pgp.SignatureCheck;
import io.ferry.signing.pgp.TrustStore;
import io.ferry.signing.pgp.TrustStoreException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "verify",
    description = {
        "Checks a bundle without changing anything.",
        "",
        "First the manifest's signature against your trusted release keys, then every entry's size and"
            + " SHA-256 against the signed manifest. Reads the bundle once, as a stream: BUNDLE may be '-'"
            + " to read from a pipe. Exit code 10: damaged or tampered bundle; 11: signature not trusted.",
        ""},
    mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {
  static final Path DEFAULT_TRUST = Path.of("/etc/ferry/trusted-keys");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle file, or '-' for standard input.")
  String bundle;

  @Option(names = "--trust", paramLabel = "KEYS",
      description = "Trusted release key(s): a public key file or a folder of them (default: " + "/etc/ferry/trusted-keys).")
  Path trust;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  @Override
  public Integer call() {
    TrustStore store = loadTrust(trust);
    ProgressListener progress = json ? ProgressListener.NONE : ConsoleProgressBar.onStderr();
    BundleVerifier verifier = new BundleVerifier(store, Clock.systemUTC(), progress);
    VerifiedBundle result;
    try (InputStream in = open(bundle)) {
      long length = bundle.equals("-") ? -1 : Files.size(Path.of(bundle));
      result = verifier.verify(in, length, BlobSink.NONE);
    } catch (BundleRejectedException e) {
      throw new CommandFailure(bundle + " is damaged or has been tampered with: " + e.getMessage()
          + ". Do not install it; get a fresh copy from the vendor.", ExitCode.BUNDLE_REJECTED, e);
    } catch (SignatureRejectedException e) {
      throw new CommandFailure(bundle + " is not signed by a trusted release key: " + e.getMessage()
          + ". Do not install it unless the vendor confirms the key.", ExitCode.SIGNATURE_REJECTED, e);
    } catch (NoSuchFileException e) {
      throw new CommandFailure("the bundle " + bundle + " does not exist", ExitCode.IO, e);
    } catch (IOException e) {
      throw new CommandFailure("reading " + bundle + " failed: " + e.getMessage(), ExitCode.IO, e);
    }
    print(result, spec.commandLine().getOut());
    return ExitCode.OK;
  }

  static TrustStore loadTrust(Path trust) {
    Path path = trust == null ? DEFAULT_TRUST : trust;
    if (trust == null && !Files.exists(path)) {
      throw new CommandFailure("no trusted release keys: pass --trust KEY.pub.asc (the vendor's public key) or put it in "
          + DEFAULT_TRUST + "/", ExitCode.USAGE, null);
    }
    try {
      return TrustStore.load(path);
    } catch (TrustStoreException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.SIGNATURE_REJECTED, e);
    }
  }

  private static InputStream open(String bundle) throws IOException {
    return bundle.equals("-")
        ? new BufferedInputStream(System.in, 1 << 20)
        : new BufferedInputStream(Files.newInputStream(Path.of(bundle)), 1 << 20);
  }

  private void print(VerifiedBundle v, PrintWriter out) {
    var m = v.manifest();
    SignatureCheck s = v.signature();
    if (json) {
      out.printf("{\"verified\":true,\"stack\":\"%s\",\"release\":\"%s\",\"keyId\":\"%s\",\"fingerprint\":\"%s\","
              + "\"signer\":\"%s\",\"signedAt\":\"%s\",\"images\":%d,\"entries\":%d,\"bytes\":%d,"
              + "\"requiredHostBytes\":%d}%n",
          m.stack(), m.release(), s.keyId(), s.fingerprint(), s.userId().replace("\\", "\\\\").replace("\"", "\\\""),
          s.signedAt(), m.images().size(), v.entries(), v.bytesRead(), m.requiredHostBytes());
    } else {
      out.printf("verified: %s %s, signed by %s (%s) on %s, %d images, %d entries%n",
          m.stack(), m.release(), s.keyId(), s.userId(), WHEN.format(s.signedAt()), m.images().size(), v.entries());
      out.printf("  key fingerprint %s%n", s.fingerprint());
      out.printf("  needs %s of disk on the host for images and data (bundle: %s)%n",
          ConsoleProgressBar.bytes(m.requiredHostBytes()), ConsoleProgressBar.bytes(v.bytesRead()));
    }
    out.flush();
  }
}
