package io.ferry.installer.preflight;

import io.ferry.installer.compose.ComposeUnavailableException;
import java.util.List;

/** A usable docker compose (v2 plugin) or docker-compose (v1 1.28+ or standalone v2) is installed. */
final class DockerComposeCheck implements PreflightCheck {
  static final String NAME = "docker compose";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    try {
      return List.of(CheckResult.pass(NAME, context.host().compose()));
    } catch (ComposeUnavailableException e) {
      String[] split = Words.findingAndFix(e.getMessage(),
          "install Docker Compose: on Debian 12 'apt-get install docker-compose'");
      return List.of(CheckResult.fail(NAME, split[0], split[1]));
    }
  }
}
