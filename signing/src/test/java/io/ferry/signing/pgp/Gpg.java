package io.ferry.signing.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The real GnuPG, in a throw-away home folder, so tests never touch the user's keyrings. */
final class Gpg implements AutoCloseable {
  static final Path GPG = Path.of("/usr/bin/gpg");

  record Result(int exitCode, String output) {}

  private final Path home;

  private Gpg(Path home) {
    this.home = home;
  }

  /** Skips the calling test if gpg is not installed. */
  static Gpg inTemporaryHome(Path folder) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(GPG), "GnuPG is not installed at " + GPG);
    Path home = Files.createDirectories(folder.resolve("gnupg"));
    // gpg warns about, and gpg-agent may refuse, a home folder others can read.
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    return new Gpg(home);
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(GPG.toString(), "--batch", "--no-tty",
        "--homedir", home.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("gpg did not finish: " + command);
    }
    return new Result(process.exitValue(), output);
  }

  /** Runs gpg and fails the test unless it exits 0. */
  String ok(String... args) throws IOException, InterruptedException {
    Result result = run(args);
    assertEquals(0, result.exitCode(), () -> "gpg " + String.join(" ", args) + "\n"
        + result.output());
    return result.output();
  }

  Path home() {
    return home;
  }

  /**
   * Stops the gpg-agent this home started, so no process outlives the test, and waits for it to
   * remove its sockets: it does so after gpgconf returns, racing JUnit's clean-up of the folder.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    Path gpgconf = Path.of("/usr/bin/gpgconf");
    if (!Files.isExecutable(gpgconf)) {
      return;
    }
    new ProcessBuilder(gpgconf.toString(), "--homedir", home.toString(), "--kill", "all")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor(30, TimeUnit.SECONDS);
    for (int i = 0; i < 100 && hasAgentSockets(); i++) {
      Thread.sleep(50);
    }
  }

  private boolean hasAgentSockets() throws IOException {
    try (Stream<Path> files = Files.list(home)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("S.gpg-agent"));
    }
  }
}
