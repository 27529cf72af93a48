package io.ferry.installer.preflight;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.stack.SizingProfile;
import java.util.Locale;

/** The small phrases the checks share, so that every check words sizes and fixes alike. */
final class Words {
  private static final long MIB = 1024L * 1024;

  private Words() {}

  static String bytes(long n) {
    return ConsoleProgressBar.bytes(n);
  }

  /** Memory as the sizing profiles speak of it: 2048 MiB is "2 GB", 1536 MiB "1.5 GB", 512 "512 MB". */
  static String memoryMb(long mb) {
    if (mb < 1024) {
      return mb + " MB";
    }
    if (mb % 1024 == 0) {
      return mb / 1024 + " GB";
    }
    return String.format(Locale.ROOT, "%.1f GB", mb / 1024.0);
  }

  /** A host's memory in bytes, in the same units as {@link #memoryMb}: "23.5 GB". */
  static String memoryBytes(long bytes) {
    long mb = bytes / MIB;
    if (mb < 1024) {
      return mb + " MB";
    }
    return String.format(Locale.ROOT, "%.1f GB", mb / 1024.0).replace(".0 GB", " GB");
  }

  /** "small: up to 25 agents, 2 GB" (with CPUs when {@code withCpus}). */
  static String profile(SizingProfile p, boolean withCpus) {
    StringBuilder s = new StringBuilder(p.name()).append(": ");
    if (!p.description().isBlank()) {
      s.append(p.description()).append(", ");
    }
    if (withCpus) {
      s.append(p.cpus()).append(p.cpus() == 1 ? " CPU" : " CPUs");
    } else {
      s.append(p.memoryMb() == 0 ? "no memory requirement" : memoryMb(p.memoryMb()));
    }
    return s.toString();
  }

  /** How a fix names the configuration file: its path, or how to make one. */
  static String configFile(CustomerConfig c) {
    return c.file() == null ? "a customer configuration (pass it with --config FILE)" : c.file().toString();
  }

  /**
   * "set sizing: small in /etc/ferry/customer.yaml", or, when deploying without a configuration,
   * how to write one. {@code key} is the dotted key path (network.ports.https), as config messages name it.
   */
  static String setIn(CustomerConfig c, String key, String value) {
    return c.file() == null
        ? "write " + key + ": " + value + " in a customer configuration and pass it with --config FILE"
        : "set " + key + ": " + value + " in " + c.file();
  }

  /**
   * Splits an exception message of the form "what happened; what to do" (as the engine and compose
   * messages are written) at its last "; ". Without one, the fix is {@code fallbackFix}.
   */
  static String[] findingAndFix(String message, String fallbackFix) {
    String m = message == null ? "unknown problem" : message;
    int cut = m.lastIndexOf("; ");
    if (cut <= 0) {
      return new String[] {m, fallbackFix};
    }
    return new String[] {m.substring(0, cut), m.substring(cut + 2)};
  }
}
