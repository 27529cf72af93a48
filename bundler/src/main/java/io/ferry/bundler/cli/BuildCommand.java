package io.ferry.bundler.cli;

import io.ferry.bundler.build.BuildException;
import io.ferry.bundler.build.BuildRequest;
import io.ferry.bundler.build.BuildResult;
import io.ferry.bundler.build.BundleBuild;
import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.signing.pgp.SigningException;
import io.ferry.signing.pgp.SigningKey;
import io.ferry.signing.pgp.WrongPassphraseException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "build",
    description = {
        "Bundles a stack folder into one signed file.",
        "",
        "The bundle holds the images the compose file names (in every profile), exported from the local"
            + " Docker engine and pinned by image ID, plus the compose file, stack.yaml, the config defaults"
            + " and the vanilla data. A folder with only compose.yaml works: stack.yaml is optional. The"
            + " compose file may use $${FERRY_RELEASE}, which is set to --release.",
        "",
        "The signing key's passphrase comes from FERRY_KEY_PASSPHRASE, or is asked for on the terminal."
            + " SOURCE_DATE_EPOCH pins the build time: the same inputs then give a byte-identical bundle.",
        ""},
    mixinStandardHelpOptions = true)
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--stack", required = true, description = "Stack folder (holds compose.yaml, optionally stack.yaml).")
  Path stack;

  @Option(names = "--release", required = true, description = "Release name, e.g. 1.0.0.")
  String release;

  @Option(names = "--sign-key", required = true, description = "Secret key file from 'ferry-bundler keygen'.")
  Path signKey;

  @Option(names = "--out", required = true, description = "Bundle file to write, e.g. dist/acd-demo-1.0.0.ferry.")
  Path out;

  @Option(names = "--compression-level", defaultValue = "3", description = "zstd level 1-19 (default: ${DEFAULT-VALUE}).")
  int level;

  @Option(names = "--threads", description = "Compression threads (default: all cores).")
  Integer threads;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  @Override
  public Integer call() {
    if (!release.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*")) {
      throw new Failures.CommandFailure("--release '" + release + "' must be one word of letters, digits, . _ + -", 2, null);
    }
    if (level < 1 || level > 19) {
      throw new Failures.CommandFailure("--compression-level must be 1 to 19", 2, null);
    }
    Instant created = createdTime();
    AtomicReference<SigningKey> unlocked = new AtomicReference<>();
    // Unlocked by the build on a thread of its own while the engine prepares the export; the
    // build waits for it before reading the export, so a wrong passphrase still fails first.
    BuildRequest request = new BuildRequest(stack, release, out, () -> {
      SigningKey key = loadKey(created);
      unlocked.set(key);
      return manifest -> key.signDetached(new ByteArrayInputStream(manifest));
    }, created, level, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    try {
      BuildResult result = new BundleBuild(ConsoleProgressBar.onStderr()).run(request);
      var m = result.manifest();
      spec.commandLine().getOut().printf(
          "built %s: %s %s, %d images, %d entries, %s (images %s uncompressed), signed by %s (%s)%n",
          result.bundle(), m.stack(), m.release(), m.images().size(), m.blobs().size() + 2,
          ConsoleProgressBar.bytes(result.bundleBytes()), ConsoleProgressBar.bytes(result.imageBytesExported()),
          unlocked.get().keyId(), unlocked.get().userId());
      return 0;
    } catch (BuildException e) {
      throw new Failures.CommandFailure(e.getMessage(), e.exitCode(), e);
    }
  }

  /** With SOURCE_DATE_EPOCH the signature carries the pinned time too, so rebuilds are byte-identical. */
  private SigningKey loadKey(Instant created) {
    Clock clock = System.getenv("SOURCE_DATE_EPOCH") == null ? Clock.systemUTC() : Clock.fixed(created, ZoneOffset.UTC);
    try {
      return SigningKey.load(signKey, Passphrases.forExistingKey(signKey.toString()), clock);
    } catch (WrongPassphraseException e) {
      throw new Failures.CommandFailure(e.getMessage() + "; check FERRY_KEY_PASSPHRASE", 8, e);
    } catch (SigningException e) {
      throw new Failures.CommandFailure(e.getMessage(), 7, e);
    }
  }

  /** SOURCE_DATE_EPOCH pins the time for reproducible builds, as in other build tools. */
  private static Instant createdTime() {
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    if (epoch != null && epoch.matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(epoch));
    }
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
