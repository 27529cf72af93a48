package io.ferry.installer.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Makes test keys and certificates with the real openssl, as a customer's CA or admin would. */
final class Openssl {
  private final Path dir;

  Openssl(Path dir) {
    this.dir = dir;
  }

  /**
   * A self-signed certificate for {@code names} (SAN DNS entries), valid {@code days} days, with a
   * key of {@code keyArgs} (e.g. "rsa:2048" via -newkey), key written in PKCS#8 form.
   */
  Path[] selfSigned(String base, String newkey, int days, String... names) throws Exception {
    Path key = dir.resolve(base + ".key");
    Path cert = dir.resolve(base + ".crt");
    List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", newkey, "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", Integer.toString(days), "-subj", "/CN=" + names[0]));
    List<String> sans = new ArrayList<>();
    for (String n : names) {
      sans.add("DNS:" + n);
    }
    cmd.addAll(List.of("-addext", "subjectAltName=" + String.join(",", sans)));
    run(cmd);
    return new Path[] {cert, key};
  }

  /** Rewrites a key in openssl's "traditional" form: PKCS#1 for RSA, SEC 1 for EC. */
  Path traditional(Path key, String type) throws Exception {
    Path out = dir.resolve(key.getFileName() + "." + type + ".pem");
    List<String> cmd = new ArrayList<>(List.of("openssl", type, "-in", key.toString(), "-out", out.toString()));
    if (type.equals("rsa")) {
      cmd.add("-traditional"); // openssl 3 writes PKCS#8 otherwise; "ec" writes SEC 1 by default
    }
    run(cmd);
    return out;
  }

  Path encrypted(Path key) throws Exception {
    Path out = dir.resolve(key.getFileName() + ".enc");
    run(List.of("openssl", "pkey", "-in", key.toString(), "-out", out.toString(), "-aes256", "-passout", "pass:secret"));
    return out;
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
