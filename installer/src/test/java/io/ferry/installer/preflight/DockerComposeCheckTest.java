package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerComposeCheckTest {
  final FakeHost host = new FakeHost();

  @Test
  void namesTheComposeFerryUses() {
    host.compose = "docker compose v2.24.5";
    assertEquals(List.of(CheckResult.pass("docker compose", "docker compose v2.24.5")),
        new DockerComposeCheck().run(Targets.target().on(host)));
  }

  @Test
  void noComposeFailsWithWhatToInstall() {
    host.composeProblem = "no Docker Compose found: tried 'docker compose' (no docker CLI on PATH) and"
        + " 'docker-compose' (not on PATH); install Docker Compose: on Debian 12 'apt-get install docker-compose'"
        + " (docker-compose 1.29), or the compose plugin";
    CheckResult r = new DockerComposeCheck().run(Targets.target().on(host)).get(0);
    assertEquals(CheckStatus.FAIL, r.status());
    assertEquals("no Docker Compose found: tried 'docker compose' (no docker CLI on PATH) and 'docker-compose'"
        + " (not on PATH)", r.finding());
    assertEquals("install Docker Compose: on Debian 12 'apt-get install docker-compose' (docker-compose 1.29), or"
        + " the compose plugin", r.fix());
  }
}
