package io.ferry.installer.preflight;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.cli.FerryCommand;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Integration-test fixture: a stack of its own, so that tests never touch the sample (which other
 * tests deploy concurrently). Two services (web publishes an HTTP port, worker sleeps) on one
 * FROM-scratch busybox image built here, a second image that is not in the bundle, sizing profiles
 * "tiny" (16 MB) and "absurd" (about a petabyte), a DNS name and bind address variable, and a
 * signed bundle made by the real bundler with keys of its own. Unique names per instance;
 * {@link #close()} removes the project's containers, networks, volumes and both images.
 */
public final class TinyStack implements AutoCloseable {
  public static final String RELEASE = "1";

  /** Stack, compose project and image repository prefix: ferry-it-PREFIX-1a2b3c. */
  public final String name;
  public final String image;
  public final String otherImage;
  public final int port;
  public final Path bundle;
  public final Path releasePublic;
  private final DockerClient docker;
  /** The engine connection {@link #open} made for this stack; closed with it. */
  private DockerEngine owned;

  /** How a ferry command ended. */
  public record Outcome(int code, String out, String err) {
    public String all() {
      return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  private TinyStack(DockerClient docker, String name, int port, Path bundle, Path releasePublic) {
    this.docker = docker;
    this.name = name;
    this.image = name + "/box:" + RELEASE;
    this.otherImage = name + "/other:" + RELEASE;
    this.port = port;
    this.bundle = bundle;
    this.releasePublic = releasePublic;
  }

  /**
   * Opens a connection to the engine and builds a stack on it; {@link #close()} closes both. The
   * set-up of the tests that drive the CLI against a stack of their own.
   */
  public static TinyStack open(Path dir, String prefix) throws Exception {
    DockerEngine engine = DockerEngine.open();
    try {
      TinyStack stack = build(engine.client(), dir, prefix);
      stack.owned = engine;
      return stack;
    } catch (Exception | Error e) {
      engine.close();
      throw e;
    }
  }

  /** The engine client this stack was built with. */
  public DockerClient docker() {
    return docker;
  }

  private static TinyStack build(DockerClient docker, Path dir, String prefix) throws Exception {
    String name = ItDocker.uniqueProject(prefix);
    int port = freePort();
    TinyStack s = new TinyStack(docker, name, port, dir.resolve(name + "-" + RELEASE + ".ferry"),
        dir.resolve("keys/release.pub.asc"));
    try {
      s.buildImage(s.image, "1", dir);
      s.buildImage(s.otherImage, "2", dir);
      Path stack = Files.createDirectories(dir.resolve(name));
      Files.writeString(stack.resolve("compose.yaml"), """
          x-box: &box
            image: %s/box:${FERRY_RELEASE:-1}
            pull_policy: never
            stop_signal: SIGKILL
            healthcheck:
              test: ["CMD", "/bin/busybox", "true"]
              interval: 1s
              timeout: 2s
              retries: 3
          services:
            web:
              <<: *box
              command: ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/"]
              ports:
                - "${BOX_BIND:-127.0.0.1}:${BOX_HTTP_PORT}:8080"
            worker:
              <<: *box
              command: ["/bin/busybox", "sleep", "86400"]
          """.formatted(name));
      Files.writeString(stack.resolve("stack.yaml"), """
          name: %s
          project: %s
          sizing:
            default: tiny
            profiles:
              tiny:   {description: "a test", cpus: 1, memory_mb: 16}
              absurd: {description: "more than any host", cpus: 1, memory_mb: 1000000000}
          dns_name_variable: BOX_DNS
          bind_address_variable: BOX_BIND
          ports:
            http: {variable: BOX_HTTP_PORT, default: %d, service: web}
          health:
            timeout_seconds: 30
          config:
            defaults: defaults.env
          """.formatted(name, name, port));
      Files.writeString(stack.resolve("defaults.env"), "BOX_DNS=box.example.local\nBOX_BIND=127.0.0.1\n");
      Path keys = Files.createDirectories(dir.resolve("keys"));
      RealBundles.check(RealBundles.bundler("keygen", "--name", "release", "--out", keys.toString(), "--force"));
      RealBundles.check(RealBundles.bundler("build", "--stack", stack.toString(), "--release", RELEASE,
          "--sign-key", keys.resolve("release.sec.asc").toString(), "--out", s.bundle.toString()));
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  private void buildImage(String tag, String variant, Path dir) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx-" + variant));
    Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
    // The label makes the image this fixture's own: removing it never touches another test's image.
    Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nLABEL io.ferry.it=\"" + name
        + "\" io.ferry.it.variant=\"" + variant + "\"\n");
    docker.buildImageCmd(ctx.toFile()).withTags(Set.of(tag)).withPull(false)
        .exec(new BuildImageResultCallback()).awaitImageId();
  }

  /** A customer.yaml for this stack that keeps Ferry's files in {@code stateDir}. */
  public Path config(Path file, Path stateDir, String extraYaml) throws IOException {
    Files.writeString(file, "stack: " + name + "\nstate_dir: " + stateDir + "\n" + extraYaml);
    return file;
  }

  /** {@code ferry ARGS} through the CLI in this JVM, as on-site IT would type it. */
  public static Outcome ferry(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FerryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  /** Preflight's table with its wrapping undone: a line break and its indent, and runs of spaces, as one space. */
  public static String flat(String text) {
    return text.replaceAll("\n {24}", " ").replaceAll(" +", " ");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      ItDocker.purge(docker, name);
      for (String ref : new String[] {image, otherImage}) {
        try {
          docker.removeImageCmd(ref).exec();
        } catch (NotFoundException | ConflictException e) {
          // not built, or still used by a container someone else made from it
        }
      }
    } finally {
      if (owned != null) {
        try {
          owned.close();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
  }
}
