package io.ferry.installer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shell wrapper every container command runs under, run here by this host's own {@code sh}
 * (dash on Debian, as in the sample's images): what it promises the exec code is checked without
 * an engine.
 */
@Timeout(30)
class ContainerCommandWrapperTest {

  static Process start(List<String> command, long stdinLength) throws Exception {
    return new ProcessBuilder(ContainerCommand.wrapped(command, stdinLength)).start();
  }

  static String firstStderrLine(Process p) throws Exception {
    return new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)).readLine();
  }

  @Test
  void itReportsItsPidFirstAndExitsWithTheCommandsStatus() throws Exception {
    Process p = start(List.of("sh", "-c", "echo out; echo err >&2; exit 7"), -1);

    assertEquals("ferry-exec-pid " + p.pid(), firstStderrLine(p));
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(7, p.exitValue());
    assertEquals("out\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theCommandReadsExactlyTheAnnouncedBytesAlthoughStdinStaysOpen() throws Exception {
    Process p = start(List.of("cat"), 5);
    OutputStream stdin = p.getOutputStream();
    stdin.write("hello, and more that must not arrive".getBytes(StandardCharsets.UTF_8));
    stdin.flush();

    // stdin is never closed, as docker-java never half-closes it.
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the command must end after the announced bytes");
    assertEquals(0, p.exitValue());
    assertEquals("hello", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    stdin.close();
  }

  @Test
  void termToTheWrapperStopsTheCommandWhichTheWrapperReaps() throws Exception {
    Process p = start(List.of("sleep", "300"), 0);
    firstStderrLine(p);
    ProcessHandle sleeper = null;
    for (int i = 0; i < 100 && sleeper == null; i++) {
      sleeper = p.descendants().filter(d -> d.info().command().orElse("").endsWith("sleep")).findFirst().orElse(null);
      Thread.sleep(20);
    }
    assertTrue(sleeper != null && sleeper.isAlive(), "the command runs as the wrapper's child");

    long start = System.nanoTime();
    // TERM; not Process.destroy(), which also closes the pipes (the shell would die writing to them).
    p.toHandle().destroy();

    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the wrapper passes TERM on and ends");
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
    assertEquals(128 + 15, p.exitValue(), "the command's own status: killed by TERM");
    assertFalse(sleeper.isAlive(), "the command is gone, not orphaned");
  }
}
