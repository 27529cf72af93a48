package io.ferry.installer.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code systemctl}. An interface so tests can record the calls instead. */
interface Systemctl {
  /** Runs {@code systemctl args...}; fails with its output and a hint when it exits non-zero. */
  void run(String... args) throws ScheduleException;

  /** The real one: {@code systemctl} from PATH, at most 60 s a call. */
  Systemctl SYSTEM = args -> {
    List<String> command = new ArrayList<>(List.of("systemctl"));
    command.addAll(List.of(args));
    String line = String.join(" ", command);
    Path output = null;
    try {
      // A file, not a pipe: a systemctl that hangs must not hang the read, so the time limit holds.
      output = Files.createTempFile("ferry-systemctl", ".out");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ScheduleException(line + " did not finish within 60 s; check 'systemctl status' and run again");
      }
      if (p.exitValue() != 0) {
        String said = Files.readString(output, StandardCharsets.UTF_8).strip().replace('\n', ' ');
        throw new ScheduleException(line + " failed (exit " + p.exitValue() + (said.isEmpty() ? "" : ": " + said)
            + "); see 'systemctl status " + args[args.length - 1] + "' and run again");
      }
    } catch (IOException e) {
      throw new ScheduleException("cannot run " + line + " (" + e.getMessage() + "); is systemd installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScheduleException(line + " was interrupted; run again", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a few bytes in the temp folder
        }
      }
    }
  };
}
