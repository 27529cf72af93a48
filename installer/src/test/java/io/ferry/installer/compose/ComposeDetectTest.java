package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection against stand-in docker and docker-compose executables on a private PATH. */
class ComposeDetectTest {
  @TempDir Path bin;

  static final String NO_PLUGIN = """
      #!/bin/sh
      echo "docker: unknown command: docker $1" >&2
      exit 1
      """;
  static final String V2_PLUGIN = """
      #!/bin/sh
      case "$1 $2 $3" in
        "compose version --short") echo "2.24.5" ;;
        "compose up --help") echo "  -d, --detach   Detached mode"; echo "      --no-build"; echo "      --pull string  Pull image" ;;
        "compose run --help") echo "      --rm"; echo "  -T, --no-TTY"; echo "      --pull string" ;;
        *) exit 1 ;;
      esac
      """;

  void tool(String name, String script) throws Exception {
    Path p = Files.writeString(bin.resolve(name), script);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  ComposeCli detect() throws ComposeUnavailableException {
    return ComposeCli.detect(Map.of("PATH", bin.toString())); // the scripts need only /bin/sh
  }

  static String v1(String version) {
    return "#!/bin/sh\n[ \"$1 $2\" = \"version --short\" ] && { echo " + version + "; exit 0; }\nexit 1\n";
  }

  @Test
  void prefersThePluginWhenItAnswers() throws Exception {
    tool("docker", V2_PLUGIN);
    tool("docker-compose", v1("1.29.2"));
    ComposeCli cli = detect();
    assertTrue(cli.isV2());
    assertEquals("docker compose v2.24.5", cli.description());
    assertEquals(List.of(bin.resolve("docker").toString(), "compose"), cli.executable());
    assertTrue(cli.upHas("pull") && cli.upHas("no-build") && cli.runHas("pull"));
  }

  @Test
  void fallsBackToDockerComposeV1() throws Exception {
    tool("docker", NO_PLUGIN);
    tool("docker-compose", v1("1.29.2"));
    ComposeCli cli = detect();
    assertFalse(cli.isV2());
    assertEquals("docker-compose 1.29.2", cli.description());
    assertFalse(cli.upHas("pull"));
  }

  @Test
  void aStandaloneV2GetsV2Flags() throws Exception {
    tool("docker-compose", """
        #!/bin/sh
        case "$1 $2" in
          "version --short") echo "v2.20.2" ;;
          "up --help") echo "      --pull string"; echo "      --no-build" ;;
          "run --help") echo "      --rm" ;;
        esac
        """);
    ComposeCli cli = detect();
    assertTrue(cli.isV2());
    assertEquals("docker-compose v2.20.2", cli.description());
    assertTrue(cli.upHas("pull"));
    assertFalse(cli.runHas("pull"));
  }

  @Test
  void tooOldV1IsRefusedWithWhatToInstall() throws Exception {
    tool("docker-compose", v1("1.25.0"));
    ComposeUnavailableException e = assertThrows(ComposeUnavailableException.class, this::detect);
    assertTrue(e.getMessage().startsWith("docker-compose 1.25.0 at " + bin.resolve("docker-compose")
        + " is too old: Ferry needs 1.28 or later"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install docker-compose"), e.getMessage());
  }

  @Test
  void neitherSaysWhatWasTriedAndWhatToInstall() throws Exception {
    tool("docker", NO_PLUGIN);
    ComposeUnavailableException e = assertThrows(ComposeUnavailableException.class, this::detect);
    assertEquals("no Docker Compose found: tried 'docker compose' (exit code 1: docker: unknown command: docker compose)"
        + " and 'docker-compose' (not on PATH); install Docker Compose: on Debian 12 'apt-get install docker-compose'"
        + " (docker-compose 1.29), or the compose plugin (package docker-compose-plugin from Docker's repository)",
        e.getMessage());
  }
}
