package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCliTest {
  @Test
  void versionsAsV1AndV2PrintThem() {
    assertEquals("1.29.2", ComposeCli.parseVersion("1.29.2\n"));
    assertEquals("1.29.2", ComposeCli.parseVersion("docker-compose version 1.29.2, build unknown"));
    assertEquals("2.24.5", ComposeCli.parseVersion("v2.24.5"));
    assertEquals("2.24.5", ComposeCli.parseVersion("Docker Compose version v2.24.5-desktop.1"));
    assertEquals("2.3", ComposeCli.parseVersion("2.3"));
    assertNull(ComposeCli.parseVersion("docker: unknown command: docker compose"));
  }

  @Test
  void minimumV1IsTheFirstWithProfiles() {
    assertTrue(ComposeCli.atLeast("1.29.2", ComposeCli.MIN_V1));
    assertTrue(ComposeCli.atLeast("1.28", ComposeCli.MIN_V1));
    assertFalse(ComposeCli.atLeast("1.27.4", ComposeCli.MIN_V1));
    assertFalse(ComposeCli.atLeast("1.25.0", ComposeCli.MIN_V1));
    assertTrue(ComposeCli.atLeast("2.0.0", ComposeCli.MIN_V1));
  }

  @Test
  void flagsFromHelp() {
    String help = """
        Usage:  docker compose up [OPTIONS] [SERVICE...]
          -d, --detach                 Detached mode
              --no-build               Don't build an image, even if it's policy
              --pull string            Pull image before running ("always"|"missing"|"never")
              --remove-orphans         Remove containers for services not defined in the Compose file
        """;
    Set<String> flags = ComposeCli.parseFlags(help);
    assertTrue(flags.containsAll(Set.of("detach", "no-build", "pull", "remove-orphans")), flags.toString());
  }

  @Test
  void descriptions() {
    ComposeCli v1 = ComposeCli.v1("/usr/bin/docker-compose", "1.29.2");
    assertEquals("docker-compose 1.29.2", v1.description());
    assertFalse(v1.isV2());
    ComposeCli v2 = ComposeCli.v2Plugin("/usr/bin/docker", "2.24.5", Set.of(), Set.of());
    assertEquals("docker compose v2.24.5", v2.description());
    assertTrue(v2.isV2());
  }

  @Test
  void projectNamesThatV1AndV2KeepAsTheyAre() {
    ComposeCli v1 = ComposeCli.v1("/usr/bin/docker-compose", "1.29.2");
    Path d = Path.of("/tmp");
    assertEquals("acd-demo", v1.project("acd-demo", d, d.resolve("c.yml"), null, List.of()).name());
    assertEquals("ferry_it-2", v1.project("ferry_it-2", d, d.resolve("c.yml"), null, List.of()).name());
    for (String bad : List.of("ACD", "acd demo", "-acd", "acd.demo", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> v1.project(bad, d, d.resolve("c.yml"), null, List.of()));
      assertTrue(e.getMessage().contains("lowercase"), e.getMessage());
    }
  }

  @Test
  void onPathFindsExecutablesOnly(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(a.resolve("docker-compose"), "not executable");
    Path exe = Files.writeString(b.resolve("docker-compose"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(exe, ComposeCli.onPath("docker-compose", a + ":" + b));
    assertNull(ComposeCli.onPath("docker-compose", a.toString()));
    assertNull(ComposeCli.onPath("docker-compose", null));
  }
}
