package io.ferry.installer.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Integration-test fixture: real bundles of the sample stack, made by the real bundler jar (run as
 * a process, as a release engineer would) from images built by the sample's own script against the
 * real Docker engine. Built once per test JVM.
 */
public final class RealBundles {
  public static final String PASSPHRASE = "it-passphrase-1";

  /** Keys and a bundle of the sample stack at release 1.0.0. */
  public record Fixture(Path dir, Path releaseSecret, Path releasePublic, Path strangerSecret, Path strangerPublic,
      Path bundle) {}

  /** What a process printed and how it ended. */
  public record Run(int exitCode, String out, String err) {}

  private static Fixture sample;

  private RealBundles() {}

  public static Path repo() {
    String p = System.getProperty("ferry.repo");
    Path repo = p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    if (!Files.exists(repo.resolve("samples/acd-demo/compose.yaml"))) {
      throw new IllegalStateException("cannot find the repository root (set -Dferry.repo); looked at " + repo);
    }
    return repo;
  }

  public static synchronized Fixture sample() throws Exception {
    if (sample != null) {
      return sample;
    }
    Path repo = repo();
    Path dir = Files.createDirectories(repo.resolve("installer/target/it-bundles"));
    buildSampleImages("1.0.0");
    Path release = dir.resolve("release.sec.asc");
    Path stranger = dir.resolve("stranger.sec.asc");
    for (String name : List.of("release", "stranger")) {
      if (!Files.exists(dir.resolve(name + ".sec.asc"))) {
        check(bundler("keygen", "--name", name, "--out", dir.toString(), "--force"));
      }
    }
    Path bundle = dir.resolve("acd-demo-1.0.0.ferry");
    check(bundler("build", "--stack", repo.resolve("samples/acd-demo").toString(), "--release", "1.0.0",
        "--sign-key", release.toString(), "--out", bundle.toString()));
    sample = new Fixture(dir, release, dir.resolve("release.pub.asc"), stranger, dir.resolve("stranger.pub.asc"), bundle);
    return sample;
  }

  public static void buildSampleImages(String... releases) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", repo().resolve("samples/acd-demo/build-images.sh").toString()));
    cmd.addAll(List.of(releases));
    check(run(cmd, Map.of(), 1800));
  }

  public static Run bundler(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", repo().resolve("bundler/target/ferry-bundler.jar").toString()));
    cmd.addAll(List.of(args));
    return run(cmd, Map.of("FERRY_KEY_PASSPHRASE", PASSPHRASE), 900);
  }

  public static Run run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
    Path out = Files.createTempFile("ferry-it", ".out");
    Path err = Files.createTempFile("ferry-it", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + cmd);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  public static Run check(Run run) {
    if (run.exitCode() != 0) {
      throw new AssertionError("exit " + run.exitCode() + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err());
    }
    return run;
  }
}
