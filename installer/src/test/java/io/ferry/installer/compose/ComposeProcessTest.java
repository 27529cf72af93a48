package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeProcessTest {
  static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  @Test
  void environmentLosesComposeVariablesAndTheEnvFilesKeys() {
    Map<String, String> env = ComposeProcess.environment(Map.of(
        "PATH", "/usr/bin", "DOCKER_HOST", "unix:///run/docker.sock",
        "COMPOSE_FILE", "/home/it/other.yml", "COMPOSE_PROJECT_NAME", "other", "COMPOSE_PROFILES", "debug",
        "COMPOSE_REMOVE_ORPHANS", "1", "compose_file", "x", "ACD_DB_PASSWORD", "from-shell"),
        Set.of("ACD_DB_PASSWORD", "FERRY_RELEASE"));
    assertEquals(Map.of("PATH", "/usr/bin", "DOCKER_HOST", "unix:///run/docker.sock", "DOCKER_CLI_HINTS", "false"),
        env);
  }

  @Test
  void mergedOutputAndExitCode() throws Exception {
    ComposeProcess.Outcome o = ComposeProcess.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
        ENV, null, Duration.ofSeconds(20), true);
    assertEquals(3, o.exitCode());
    assertFalse(o.timedOut());
    assertTrue(o.output().contains("out") && o.output().contains("err"), o.output());
    assertEquals("", o.errors());
  }

  @Test
  void separateStderr() throws Exception {
    ComposeProcess.Outcome o = ComposeProcess.run(List.of("/bin/sh", "-c", "echo out; echo err >&2"),
        ENV, null, Duration.ofSeconds(20), false);
    assertEquals(0, o.exitCode());
    assertEquals("out\n", o.output());
    assertEquals("err\n", o.errors());
  }

  @Test
  void stdinIsClosed() throws Exception {
    ComposeProcess.Outcome o = ComposeProcess.run(List.of("/bin/sh", "-c", "cat; echo done"),
        ENV, null, Duration.ofSeconds(20), true);
    assertEquals("done\n", o.output());
  }

  @Test
  void deadlineKillsTheWholeTree() throws Exception {
    long t0 = System.nanoTime();
    // the child sleeps in a grandchild, as docker compose runs its plugin
    ComposeProcess.Outcome o = ComposeProcess.run(List.of("/bin/sh", "-c", "echo started; sleep 30 & wait"),
        ENV, null, Duration.ofMillis(700), true);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(o.timedOut());
    assertEquals(-1, o.exitCode());
    assertEquals("started\n", o.output());
    assertTrue(ms < 10_000, "took " + ms + " ms");
  }

  @Test
  void keepsOnlyTheTailOfHugeOutput() throws Exception {
    ComposeProcess.Outcome o = ComposeProcess.run(List.of("/bin/sh", "-c",
        "i=0; while [ $i -lt 40000 ]; do echo \"line $i of some compose output\"; i=$((i+1)); done; echo last"),
        ENV, null, Duration.ofSeconds(60), true);
    assertTrue(o.output().length() <= ComposeProcess.MAX_CHARS);
    assertTrue(o.output().endsWith("last\n"));
  }
}
