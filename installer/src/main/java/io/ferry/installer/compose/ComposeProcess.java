package io.ferry.installer.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one compose process to completion or to its deadline, whichever comes first. Its output is
 * read on daemon threads (so a chatty compose never blocks on a full pipe) and only the last
 * {@value #MAX_CHARS} characters are kept. On timeout or interrupt the whole process tree is
 * killed ({@code docker compose} runs the plugin as a child of the docker CLI). Stateless.
 */
final class ComposeProcess {
  static final int MAX_CHARS = 1 << 20;

  /**
   * @param exitCode the process's exit code, -1 if it was killed
   * @param output stdout, or stdout and stderr interleaved when merged
   * @param errors stderr when not merged, else empty
   * @param timedOut true if the deadline passed and the process was killed
   */
  record Outcome(int exitCode, String output, String errors, boolean timedOut) {
    /** Everything printed, stderr last: what an error message quotes. */
    String all() {
      return errors.isEmpty() ? output : output.isEmpty() ? errors : output + "\n" + errors;
    }
  }

  private ComposeProcess() {}

  /** The environment a compose child gets: the caller's, less every {@code COMPOSE_*} variable and the env file's keys. */
  static Map<String, String> environment(Map<String, String> parent, Set<String> envFileKeys) {
    Map<String, String> env = new java.util.TreeMap<>(parent);
    // COMPOSE_FILE, COMPOSE_PROFILES, COMPOSE_PROJECT_NAME, COMPOSE_REMOVE_ORPHANS, COMPOSE_IGNORE_ORPHANS …
    // would silently change what Ferry runs; the command line says everything instead.
    env.keySet().removeIf(k -> k.toUpperCase(java.util.Locale.ROOT).startsWith("COMPOSE_"));
    // compose prefers the shell's variables over the env file's when interpolating: an operator's
    // exported ACD_DB_PASSWORD or FERRY_RELEASE must not override the deployed configuration.
    env.keySet().removeAll(envFileKeys);
    env.put("DOCKER_CLI_HINTS", "false");
    return env;
  }

  static Outcome run(List<String> command, Map<String, String> env, Path dir, Duration timeout, boolean mergeStderr)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close(); // compose must never wait for input
    Drain out = Drain.start(p.getInputStream(), "compose-stdout");
    Drain err = mergeStderr ? null : Drain.start(p.getErrorStream(), "compose-stderr");
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(p);
      throw e;
    }
    if (!finished) {
      killTree(p);
    }
    out.join(5_000);
    if (err != null) {
      err.join(5_000);
    }
    return new Outcome(finished ? p.exitValue() : -1, out.text(), err == null ? "" : err.text(), !finished);
  }

  static void killTree(Process p) {
    List<ProcessHandle> tree = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    p.descendants().forEach(h -> {
      if (seen.add(h.pid())) {
        tree.add(h);
      }
    });
    p.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a stream to its end on a daemon thread, keeping its tail. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final StringBuilder text = new StringBuilder();

    private Drain(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true);
    }

    static Drain start(InputStream in, String name) {
      Drain d = new Drain(in, name);
      d.start();
      return d;
    }

    @Override
    public void run() {
      char[] buf = new char[8192];
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        int n;
        while ((n = r.read(buf)) >= 0) {
          synchronized (text) {
            text.append(buf, 0, n);
            if (text.length() > 2 * MAX_CHARS) {
              text.delete(0, text.length() - MAX_CHARS);
            }
          }
        }
      } catch (IOException e) {
        // the process was killed; what was read so far is all there is
      }
    }

    String text() {
      synchronized (text) {
        return text.length() > MAX_CHARS ? text.substring(text.length() - MAX_CHARS) : text.toString();
      }
    }
  }
}
