package io.ferry.installer.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.cli.FerryCommand;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.ProjectContainers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.CountingInputStream;

/**
 * What the deploy integration tests share: running {@code ferry} in-process and as a process,
 * customer configurations, HTTPS against a self-signed stack, psql in a container, and cleaning
 * up only what the tests created.
 */
final class DeployIt {
  private DeployIt() {}

  /** How a ferry command ended: exit code, stdout, stderr. */
  record Outcome(int code, String out, String err) {
    String all() {
      return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }

    /** The last non-blank line of stdout. */
    String lastLine() {
      List<String> lines = out.strip().lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  /** {@code ferry ARGS} through the CLI in this JVM, as on-site IT would type it. */
  static Outcome ferry(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int code = FerryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return logged(new Outcome(code, out.toString(), err.toString()), start, args);
  }

  /** Echoes the command and what it printed into the test's output (failsafe-reports/*-output.txt). */
  static Outcome logged(Outcome o, long startNanos, String... args) {
    System.out.printf("$ ferry %s%n(%.1f s) %s%n", String.join(" ", args), (System.nanoTime() - startNanos) / 1e9,
        o.all());
    return o;
  }

  /** {@code java -jar tui/target/ferry.jar ARGS} as a separate process. */
  static Outcome ferryProcess(Map<String, String> env, int timeoutSeconds, String... args) throws Exception {
    long start = System.nanoTime();
    RealBundles.Run r = RealBundles.run(ferryCommand(args), env, timeoutSeconds);
    return logged(new Outcome(r.exitCode(), r.out(), r.err()), start, args);
  }

  static List<String> ferryCommand(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", ferryJar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Path ferryJar;

  /**
   * A private copy of tui/target/ferry.jar, taken once per test JVM: a build running meanwhile in the
   * same checkout rewrites the jar, and a JVM whose jar changes under it fails in odd ways.
   */
  static synchronized Path ferryJar() throws IOException {
    if (ferryJar == null) {
      Path jar = RealBundles.repo().resolve("tui/target/ferry.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: run 'mvn -o -q package -Dmaven.test.skip=true' first");
      }
      Path copy = Files.createTempFile("ferry-it", ".jar");
      copy.toFile().deleteOnExit();
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      ferryJar = copy;
    }
    return ferryJar;
  }

  static RealBundles.Run sh(String script, int timeoutSeconds) throws Exception {
    return RealBundles.check(RealBundles.run(List.of("bash", "-c", script), Map.of(), timeoutSeconds));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A customer.yaml for {@code stack} that keeps Ferry's files in {@code stateDir}. */
  static Path customerConfig(Path file, String stack, Path stateDir, String extraYaml) throws IOException {
    Files.writeString(file, "stack: " + stack + "\nstate_dir: " + stateDir + "\n" + extraYaml);
    return file;
  }

  /** service → container, for the project's long-running containers. */
  static Map<String, ContainerState> containers(DockerClient docker, String project) {
    Map<String, ContainerState> by = new LinkedHashMap<>();
    for (ContainerState c : ProjectContainers.list(docker, project)) {
      if (!c.oneOff()) {
        by.put(c.service(), c);
      }
    }
    return by;
  }

  /** GET over HTTPS, trusting any certificate: the stack's certificate is self-signed. */
  static String httpsGet(String url) throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    HttpsURLConnection c = (HttpsURLConnection) new URL(url).openConnection();
    c.setSSLSocketFactory(ssl.getSocketFactory());
    c.setHostnameVerifier((host, session) -> true);
    c.setConnectTimeout(5000);
    c.setReadTimeout(20000);
    try {
      int status = c.getResponseCode();
      InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
      String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
      if (status != HttpURLConnection.HTTP_OK) {
        throw new AssertionError("GET " + url + " answered " + status + ":\n" + text);
      }
      return text;
    } finally {
      c.disconnect();
    }
  }

  /** {@code docker exec CONTAINER psql -U acd -d acd -tAc SQL}: the unaligned result. */
  static String psql(String container, String sql) throws Exception {
    RealBundles.Run r = RealBundles.check(RealBundles.run(
        List.of("docker", "exec", container, "psql", "-U", "acd", "-d", "acd", "-X", "-v", "ON_ERROR_STOP=1", "-tAc",
            sql), Map.of(), 60));
    return r.out().strip();
  }

  /** Removes an image reference the tests made; an image some container still uses stays (untagged only if forced). */
  static void removeImage(DockerClient docker, String ref) {
    try {
      docker.removeImageCmd(ref).exec();
    } catch (NotFoundException | ConflictException e) {
      // gone already, or still used by a container (of a test project purged just before, normally)
    }
  }

  /**
   * Copies {@code bundle} to {@code bad} with one byte flipped {@code fromEnd} bytes before the end
   * of entry {@code entryName}: all of that entry streams into the engine before the digest fails.
   */
  static void flipNearEndOfEntry(Path bundle, Path bad, String entryName, long fromEnd) throws IOException {
    long at = -1;
    try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(bundle));
        TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals(entryName)) {
          // The tar reader reads whole 512-byte records: right after a header, the bytes read so far
          // are the entry's data offset.
          at = raw.getByteCount() + e.getSize() - fromEnd;
          break;
        }
      }
    }
    if (at < 0) {
      throw new IllegalArgumentException("no entry " + entryName + " in " + bundle);
    }
    Files.copy(bundle, bad, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.flip();
      byte flipped = (byte) (b.get(0) ^ 0x01);
      ch.write(ByteBuffer.wrap(new byte[] {flipped}), at);
    }
  }

  /** Copies a folder tree (the sample stack's files). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
