package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.preflight.HostProbe.EngineFacts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DockerEngineCheckTest {
  final FakeHost host = new FakeHost();

  CheckResult run() {
    var results = new DockerEngineCheck().run(Targets.target().on(host));
    assertEquals(1, results.size());
    assertEquals("docker engine", results.get(0).check());
    return results.get(0);
  }

  EngineFacts version(String v, String api) {
    return new EngineFacts("unix:///var/run/docker.sock", v, api, Path.of("/var/lib/docker"), null);
  }

  @Test
  void showsTheVersionAndApi() {
    host.engine = version("20.10.24+dfsg1", "1.41");
    assertEquals(CheckResult.pass("docker engine", "20.10.24+dfsg1 (API 1.41)"), run());
    host.engine = version("24.0.7", "1.43");
    assertEquals(CheckStatus.PASS, run().status());
  }

  @Test
  void olderThan2010IsAWarning() {
    host.engine = version("19.03.15", "1.40");
    CheckResult r = run();
    assertEquals(CheckStatus.WARN, r.status());
    assertEquals("19.03.15 (API 1.40) is older than 20.10, which Ferry is tested with", r.finding());
    assertTrue(r.fix().startsWith("update the engine to Docker 20.10 or later"), r.fix());
    host.engine = version("20.9.1", "1.40");
    assertEquals(CheckStatus.WARN, run().status());
    host.engine = version("1.13.1", "1.26");
    assertEquals(CheckStatus.WARN, run().status());
  }

  @Test
  void anUnknownVersionIsAWarning() {
    host.engine = version("dev", null);
    CheckResult r = run();
    assertEquals(CheckStatus.WARN, r.status());
    assertEquals("dev: not a version Ferry can compare", r.finding());
  }

  @Test
  void anEngineThatDoesNotAnswerFailsWithHowToStartIt() {
    host.engine = EngineFacts.unreachable("unix:///nonexistent", "the Docker engine at unix:///nonexistent does not"
        + " answer (No such file or directory); start it ('systemctl start docker', or 'dockerd &') or set DOCKER_HOST");
    CheckResult r = run();
    assertEquals(CheckStatus.FAIL, r.status());
    assertEquals("the Docker engine at unix:///nonexistent does not answer (No such file or directory)", r.finding());
    assertEquals("start it ('systemctl start docker', or 'dockerd &') or set DOCKER_HOST", r.fix());
  }
}
