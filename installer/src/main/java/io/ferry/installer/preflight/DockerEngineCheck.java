package io.ferry.installer.preflight;

import io.ferry.installer.preflight.HostProbe.EngineFacts;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Docker engine answers, and is 20.10 or later (older ones are untested: a warning). */
final class DockerEngineCheck implements PreflightCheck {
  static final String NAME = "docker engine";
  static final int[] MIN = {20, 10};
  private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

  @Override
  public List<CheckResult> run(PreflightContext context) {
    EngineFacts e = context.host().engine();
    if (!e.reachable()) {
      String[] split = Words.findingAndFix(e.problem(),
          "start it ('systemctl start docker', or 'dockerd &') or set DOCKER_HOST");
      return List.of(CheckResult.fail(NAME, split[0], split[1]));
    }
    String shown = e.version() + (e.apiVersion() == null ? "" : " (API " + e.apiVersion() + ")");
    Matcher m = VERSION.matcher(e.version() == null ? "" : e.version());
    if (!m.find()) {
      return List.of(CheckResult.warn(NAME, shown + ": not a version Ferry can compare",
          "make sure the engine is Docker 20.10 or later ('docker version')"));
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < MIN[0] || major == MIN[0] && minor < MIN[1]) {
      return List.of(CheckResult.warn(NAME, shown + " is older than " + MIN[0] + "." + MIN[1]
              + ", which Ferry is tested with",
          "update the engine to Docker 20.10 or later (Debian 12: apt-get install docker.io)"));
    }
    return List.of(CheckResult.pass(NAME, shown));
  }
}
