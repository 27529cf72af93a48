package io.ferry.tui.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tiny stack of the test's own for the end-to-end tests: one image FROM scratch with a static
 * busybox serving HTTP, built in the real engine, bundled and signed by the real bundler jar (as a
 * release engineer runs it). Named ferry-it-wizard-XXXXXX so parallel tests never meet.
 */
final class TinyStack {
  static final String PASSPHRASE = "it-wizard-passphrase";

  /** What a process printed and how it ended. */
  record Run(int exitCode, String out) {}

  final String name;
  final String image;
  final Path dir;
  final Path bundle;
  final Path releasePublic;

  private TinyStack(String name, Path dir, Path bundle, Path releasePublic) {
    this.name = name;
    this.image = name + "/app:1";
    this.dir = dir;
    this.bundle = bundle;
    this.releasePublic = releasePublic;
  }

  static Path repo() {
    String p = System.getProperty("ferry.repo");
    Path repo = p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    if (!Files.exists(repo.resolve("tui/pom.xml"))) {
      throw new IllegalStateException("cannot find the repository root (set -Dferry.repo); looked at " + repo);
    }
    return repo;
  }

  /** Builds the image, the stack folder, a release key and the signed bundle, all under {@code dir}. */
  static TinyStack build(Path dir) throws Exception {
    byte[] b = new byte[3];
    new SecureRandom().nextBytes(b);
    String name = "ferry-it-wizard-" + HexFormat.of().formatHex(b);
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isRegularFile(busybox)) {
      throw new IllegalStateException("the integration tests need a static /bin/busybox: apt-get install busybox-static");
    }
    Path ctx = Files.createDirectories(dir.resolve("image"));
    Files.copy(busybox, ctx.resolve("busybox"));
    Files.createDirectories(ctx.resolve("www"));
    Files.writeString(ctx.resolve("www/index.html"), "hello from " + name + "\n");
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM scratch
        COPY busybox /bin/busybox
        COPY www /www
        HEALTHCHECK --interval=1s --timeout=3s --retries=5 CMD ["/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
        CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
        """);
    check(run(List.of("docker", "build", "-q", "-t", name + "/app:1", ctx.toString()), Map.of(), 300));

    Path stack = Files.createDirectories(dir.resolve("stack"));
    Files.writeString(stack.resolve("compose.yaml"), """
        services:
          app:
            image: %1$s/app:1
            ports: ["127.0.0.1:${WIZ_PORT:-18080}:8080"]
            environment: {SIZE: "${WIZ_SIZE:-small}"}
          extra:
            image: %1$s/app:1
            profiles: [extras]
        """.formatted(name));
    Files.writeString(stack.resolve("stack.yaml"), """
        name: %1$s
        product: Wizard Test Desk
        vendor: Ferry tests
        project: %1$s
        sizing:
          default: small
          profiles:
            small: {description: "a few users", env: {WIZ_SIZE: small}}
            large: {description: "many users", env: {WIZ_SIZE: large}}
        ports:
          http: {variable: WIZ_PORT, default: 18080, service: app}
        url: "http://127.0.0.1:${WIZ_PORT}/"
        health:
          timeout_seconds: 60
        """.formatted(name));
    Path keys = Files.createDirectories(dir.resolve("keys"));
    check(bundler("keygen", "--name", "release", "--out", keys.toString(), "--force"));
    Path site = Files.createDirectories(dir.resolve("site"));
    Path bundle = site.resolve(name + "-1.0.0.ferry");
    check(bundler("build", "--stack", stack.toString(), "--release", "1.0.0", "--sign-key",
        keys.resolve("release.sec.asc").toString(), "--out", bundle.toString()));
    return new TinyStack(name, dir, bundle, keys.resolve("release.pub.asc"));
  }

  static Run bundler(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", repo().resolve("bundler/target/ferry-bundler.jar").toString()));
    cmd.addAll(List.of(args));
    return run(cmd, Map.of("FERRY_KEY_PASSPHRASE", PASSPHRASE), 600);
  }

  static Run run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
    Path out = Files.createTempFile("ferry-it-wizard", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + cmd);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static Run check(Run r) {
    if (r.exitCode() != 0) {
      throw new AssertionError("exit " + r.exitCode() + ":\n" + r.out());
    }
    return r;
  }

  /** Removes the project's containers, networks and volumes, and the image: whatever the test left. */
  void purge() throws Exception {
    purgeProject(name);
    run(List.of("docker", "image", "rm", "-f", image), Map.of(), 60);
  }

  /** Removes a compose project's containers, networks and volumes (its images stay). */
  static void purgeProject(String project) throws Exception {
    String label = "label=com.docker.compose.project=" + project;
    for (String kind : List.of("container", "network", "volume")) {
      List<String> list = new ArrayList<>(List.of("docker", kind, "ls", "-q", "--filter", label));
      if (kind.equals("container")) {
        list.add(3, "-a");
      }
      String ids = run(list, Map.of(), 60).out().strip();
      if (!ids.isEmpty()) {
        List<String> rm = new ArrayList<>(List.of("docker", kind, "rm"));
        if (!kind.equals("network")) {
          rm.add("-f");
        }
        rm.addAll(List.of(ids.split("\\s+")));
        run(rm, Map.of(), 60);
      }
    }
  }

  /** A TCP port nothing listens on (it was free a moment ago). */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
