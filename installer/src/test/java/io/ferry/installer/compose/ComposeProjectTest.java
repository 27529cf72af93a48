package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ComposeProject against a stand-in compose (a shell script that records how it was called), so
 * the environment, the arguments and the error messages are checked without an engine.
 */
class ComposeProjectTest {
  @TempDir Path dir;
  Path log;
  Path compose;
  Path envFile;
  Map<String, String> env;

  static final String CONFIG = """
      services:
        web:
          depends_on:
          - db
        db: {}
        reports:
          profiles: [reports]
        debug:
          profiles: [debug]
      """;

  @BeforeEach
  void fake() throws Exception {
    log = dir.resolve("calls.log");
    compose = Files.writeString(dir.resolve("compose.yaml"), CONFIG);
    Files.writeString(dir.resolve("config.out"), CONFIG);
    envFile = Files.writeString(dir.resolve("stack.env"), "# comment\nGREETING=from-env-file\nexport RELEASE=1.0.1\n");
    Path script = Files.writeString(dir.resolve("docker-compose"), """
        #!/bin/sh
        echo "ARGS $*" >> "$FAKE_LOG"
        echo "ENV COMPOSE_FILE=$COMPOSE_FILE COMPOSE_PROFILES=$COMPOSE_PROFILES GREETING=$GREETING RELEASE=$RELEASE" >> "$FAKE_LOG"
        case " $* " in
          *" config "*) echo "WARNING: The X variable is not set. Defaulting to a blank string." >&2
                        cat "$FAKE_DIR/config.out"; exit 0 ;;
          *" run "*) i=1; while [ $i -le 30 ]; do echo "migration step $i"; i=$((i+1)); done
                     [ "$FAKE_MODE" = slow ] && sleep 30; exit 4 ;;
          *" up "*) [ "$FAKE_MODE" = fail ] && { echo "Creating web ..."; echo "ERROR: boom" >&2; exit 1; }; exit 0 ;;
        esac
        exit 0
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "FAKE_LOG", log.toString(), "FAKE_DIR", dir.toString(),
        "COMPOSE_FILE", "/elsewhere/compose.yml", "COMPOSE_PROFILES", "debug", "GREETING", "from-shell",
        "RELEASE", "9.9.9"));
  }

  ComposeProject project(List<String> profiles) {
    return ComposeCli.v1(dir.resolve("docker-compose").toString(), "1.29.2")
        .project("ferry-unit", dir, compose, envFile, profiles)
        .withParentEnvironment(env);
  }

  List<String> calls() throws Exception {
    return Files.readAllLines(log);
  }

  @Test
  void configuredServicesFollowTheProfilesAndIgnoreTheShell() throws Exception {
    assertEquals(List.of("db", "web"), project(List.of()).configuredServices());
    assertEquals(List.of("db", "reports", "web"), project(List.of("reports")).configuredServices());
    for (String line : calls()) {
      if (line.startsWith("ENV")) {
        assertEquals("ENV COMPOSE_FILE= COMPOSE_PROFILES= GREETING= RELEASE=", line);
      }
    }
    // config always sees every profile: Ferry filters, because v1 and v2 differ there
    assertTrue(calls().get(0).contains("--profile debug --profile reports config"), calls().get(0));
  }

  @Test
  void upStartsEnabledServices() throws Exception {
    project(List.of("reports")).up(List.of());
    String up = calls().get(2);
    assertTrue(up.endsWith("--profile reports up --detach --no-build --remove-orphans"), up);
    assertTrue(up.startsWith("ARGS --ansi never -p ferry-unit --project-directory " + dir + " -f " + compose
        + " --env-file " + envFile), up);
  }

  @Test
  void upFailureEndsWithComposesLastLines() {
    env.put("FAKE_MODE", "fail");
    ComposeException e = assertThrows(ComposeException.class, () -> project(List.of()).up(List.of()));
    assertTrue(e.getMessage().startsWith("'docker-compose up --detach --no-build --remove-orphans' in project "
        + "ferry-unit failed with exit code 1; compose said:\n"), e.getMessage());
    assertTrue(e.getMessage().endsWith("  Creating web ...\n  ERROR: boom"), e.getMessage());
    assertEquals(1, e.exitCode());
  }

  @Test
  void unknownServiceIsNamed() {
    ComposeException e = assertThrows(ComposeException.class, () -> project(List.of()).up(List.of("wbe")));
    assertTrue(e.getMessage().startsWith("no service wbe in " + compose), e.getMessage());
    assertTrue(e.getMessage().contains("has: web, db, reports, debug"), e.getMessage());
  }

  @Test
  void failedRunQuotesTheLastFifteenLines() {
    ComposeException e = assertThrows(ComposeException.class,
        () -> project(List.of()).run("web", List.of("/app/migrate.sh"), Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("exited with code 4"), e.getMessage());
    assertTrue(e.getMessage().contains("migration step 16\n"), e.getMessage());
    assertFalse(e.getMessage().contains("migration step 15\n"), e.getMessage());
    assertTrue(e.getMessage().endsWith("migration step 30"), e.getMessage());
    assertEquals(4, e.exitCode());
  }

  @Test
  void runThatOverrunsItsDeadlineIsStopped() {
    env.put("FAKE_MODE", "slow");
    long t0 = System.nanoTime();
    ComposeException e = assertThrows(ComposeException.class,
        () -> project(List.of()).run("web", List.of("/app/migrate.sh"), Duration.ofSeconds(1)));
    assertTrue((System.nanoTime() - t0) / 1e9 < 20);
    assertTrue(e.getMessage().contains("did not finish within 1 s and was stopped"), e.getMessage());
    assertEquals(-1, e.exitCode());
  }

  @Test
  void stopAndDownReachEveryProfile() throws Exception {
    ComposeProject p = project(List.of());
    p.stop();
    p.down(true);
    List<String> calls = calls();
    assertTrue(calls.get(0).endsWith("--profile debug --profile reports stop"), calls.get(0));
    assertTrue(calls.get(2).endsWith("--profile debug --profile reports down --remove-orphans --volumes"),
        calls.get(2));
  }

  @Test
  void configIsAskedAgainOnlyWhenAFileChanged() throws Exception {
    ComposeProject p = project(List.of());
    p.configuredServices();
    p.configuredServices();
    p.up(List.of());
    assertEquals(1, calls().stream().filter(l -> l.startsWith("ARGS") && l.endsWith(" config")).count());
    Files.writeString(envFile, "GREETING=changed\n");
    p.configuredServices();
    assertEquals(2, calls().stream().filter(l -> l.startsWith("ARGS") && l.endsWith(" config")).count());
  }

  @Test
  void envFileKeys() {
    assertEquals(Set.of("GREETING", "RELEASE"), ComposeProject.envFileKeys(envFile));
    assertEquals(Set.of(), ComposeProject.envFileKeys(dir.resolve("missing.env")));
    assertEquals(Set.of(), ComposeProject.envFileKeys(null));
  }

  @Test
  void missingComposeIsACleanError() throws Exception {
    Files.delete(dir.resolve("docker-compose"));
    ComposeException e = assertThrows(ComposeException.class, () -> project(List.of()).stop());
    assertTrue(e.getMessage().startsWith("could not start 'docker-compose stop'"), e.getMessage());
    assertTrue(e.getMessage().contains("still installed"), e.getMessage());
  }
}
