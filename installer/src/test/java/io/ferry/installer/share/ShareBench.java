package io.ferry.installer.share;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The Java side of bench/share-bench.sh: one timed put or get of a file through a {@link Share}, after
 * a short warm-up in the same JVM (so the JIT is not what is measured). Prints one line:
 * {@code RESULT <impl> <op> <bytes> <seconds>}; the time covers opening the share (connect, log in),
 * the transfer and closing it, as a command-line client's time does.
 *
 * <pre>
 *   ShareBench local|smb|nfs put NAME SOURCE_FILE [LOCAL_FOLDER]
 *   ShareBench local|smb|nfs get NAME [LOCAL_FOLDER]
 *   ShareBench smb|nfs rm NAME...
 * </pre>
 * Not a test; lives with the tests because it needs the test bed's settings.
 */
public final class ShareBench {
  private static final int WARMUP = 64 << 20;

  private ShareBench() {}

  public static void main(String[] args) throws Exception {
    String impl = args[0];
    String op = args[1];
    String name = args[2];
    if (op.equals("rm")) {
      try (Share s = Shares.open(settings(impl, null), password(impl), Duration.ofSeconds(60))) {
        for (int i = 2; i < args.length; i++) {
          s.delete(args[i]);
        }
      }
      System.exit(0);
    }
    String local = op.equals("put") ? (args.length > 4 ? args[4] : null) : (args.length > 3 ? args[3] : null);
    ShareSettings settings = settings(impl, local);
    char[] password = password(impl);

    // Warm-up: the same code paths on 64 MiB, not timed.
    try (Share s = Shares.open(settings, password, Duration.ofSeconds(60))) {
      String w = name + "-warmup";
      s.delete(w);
      s.putIfAbsent(w, TestData.stream(1, WARMUP), WARMUP);
      try (InputStream in = s.read(w)) {
        drain(in);
      }
      s.delete(w);
    }

    long bytes;
    long t0 = System.nanoTime();
    try (Share s = Shares.open(settings, password, Duration.ofSeconds(60))) {
      if (op.equals("put")) {
        Path src = Path.of(args[3]);
        bytes = Files.size(src);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(src), 1 << 20)) {
          if (!s.putIfAbsent(name, in, bytes)) {
            throw new IllegalStateException(name + " exists already on " + s.describe());
          }
        }
      } else {
        try (InputStream in = s.read(name)) {
          bytes = drain(in);
        }
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    System.out.println(String.format(Locale.ROOT, "RESULT %s %s %d %.3f", impl, op, bytes, sec));
    System.out.flush();
    // nfs-client's netty keeps a non-daemon timer thread alive for the JVM's life.
    System.exit(0);
  }

  private static char[] password(String impl) throws IOException {
    return impl.equals("smb")
        ? Files.readString(Path.of(ShareTestBed.load("smb").getProperty("smb.passwordFile"))).trim().toCharArray() : null;
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 20];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
    }
    return total;
  }

  private static ShareSettings settings(String impl, String local) {
    switch (impl) {
      case "local":
        return new LocalShareSettings(Path.of(local));
      case "smb": {
        Properties p = ShareTestBed.load("smb");
        return new SmbShareSettings(p.getProperty("smb.server"), Integer.parseInt(p.getProperty("smb.port")),
            p.getProperty("smb.share"), "", "", p.getProperty("smb.user"), Path.of(p.getProperty("smb.passwordFile")));
      }
      case "nfs": {
        Properties p = ShareTestBed.load("nfs");
        return new NfsShareSettings(p.getProperty("nfs.server"), p.getProperty("nfs.export"), "",
            Integer.parseInt(p.getProperty("nfs.uid")), Integer.parseInt(p.getProperty("nfs.gid")));
      }
      default:
        throw new IllegalArgumentException("unknown share kind " + impl + " (local, smb, nfs)");
    }
  }
}
