package io.ferry.installer.share;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@code scripts/testbed.sh smb nfs} set up, read from the testbed.properties files it writes
 * ({@code $FERRY_TESTBED_DIR/{smb,nfs}/testbed.properties}, default /var/lib/ferry-testbed). The ITs
 * assume the test command started the servers (scripts/test.sh runs the test bed first); if they are
 * not there, the ITs fail and say how to start them.
 */
public final class ShareTestBed {
  private ShareTestBed() {}

  static Path dir() {
    String p = System.getProperty("ferry.testbed", System.getenv().getOrDefault("FERRY_TESTBED_DIR", "/var/lib/ferry-testbed"));
    return Path.of(p);
  }

  public static Properties load(String component) {
    Path f = dir().resolve(component).resolve("testbed.properties");
    if (!Files.isRegularFile(f)) {
      throw new IllegalStateException("the " + component + " test server is not set up (" + f + " is missing): run "
          + "scripts/testbed.sh " + component + " (as root) before the integration tests");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
    }
    return p;
  }

  /** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * A server on 127.0.0.1 that accepts TCP connections and never answers: a host that hangs. Close it
   * to stop.
   */
  static ServerSocket silentServer() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
      try {
        while (!s.isClosed()) {
          held.add(s.accept()); // keep it open, say nothing
        }
      } catch (IOException closed) {
        for (java.net.Socket c : held) {
          try {
            c.close();
          } catch (IOException ignored) {
            // closing anyway
          }
        }
      }
    }, "silent-server");
    t.setDaemon(true);
    t.start();
    return s;
  }

  /** A folder on the server's disk that the share user may read but not write (mode 0555, owned by root). */
  static Path readOnlyFolder(Path parentOnDisk, String name) throws IOException {
    Path d = parentOnDisk.resolve(name);
    Files.createDirectories(d);
    Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    return d;
  }
}
