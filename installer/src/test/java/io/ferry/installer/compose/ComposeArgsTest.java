package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeArgsTest {
  static final ComposeCli V1 = ComposeCli.v1("/usr/bin/docker-compose", "1.29.2");
  static final ComposeCli V2 = ComposeCli.v2Plugin("/usr/bin/docker", "2.24.5",
      Set.of("detach", "no-build", "pull", "remove-orphans", "wait"), Set.of("rm", "no-deps", "name", "pull"));
  // an early v2 whose up and run have no --pull yet
  static final ComposeCli OLD_V2 = ComposeCli.v2Plugin("/usr/bin/docker", "2.1.0",
      Set.of("detach", "no-build", "remove-orphans"), Set.of("rm", "no-deps", "name"));

  static ComposeArgs args(ComposeCli cli, Path env) {
    return new ComposeArgs(cli, "acd-demo", Path.of("/var/lib/ferry/acd-demo"),
        Path.of("/var/lib/ferry/acd-demo/compose.yaml"), env);
  }

  static List<String> global(String... exe) {
    List<String> g = new ArrayList<>(List.of(exe));
    g.addAll(List.of("--ansi", "never", "-p", "acd-demo", "--project-directory", "/var/lib/ferry/acd-demo",
        "-f", "/var/lib/ferry/acd-demo/compose.yaml", "--env-file", "/var/lib/ferry/acd-demo/stack.env"));
    return g;
  }

  static List<String> plus(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  static final Path ENV = Path.of("/var/lib/ferry/acd-demo/stack.env");

  @Test
  void v1UpPutsProjectOptionsBeforeTheSubcommandAndHasNoPullFlag() {
    ComposeArgs.Invocation inv = args(V1, ENV).up(List.of("reports"), List.of());
    List<String> expected = plus(global("/usr/bin/docker-compose"), "--profile", "reports",
        "up", "--detach", "--no-build", "--remove-orphans");
    assertEquals(expected, inv.args());
    assertFalse(inv.args().contains("--pull"));
    assertEquals("docker-compose up --detach --no-build --remove-orphans", inv.describe(V1));
  }

  @Test
  void v2UpNeverPulls() {
    ComposeArgs.Invocation inv = args(V2, ENV).up(List.of(), List.of("web", "db"));
    assertEquals(plus(global("/usr/bin/docker", "compose"),
        "up", "--detach", "--no-build", "--pull", "never", "--remove-orphans", "web", "db"), inv.args());
    assertEquals("docker compose up --detach --no-build --pull never --remove-orphans web db", inv.describe(V2));
  }

  @Test
  void oldV2WithoutPullFlagGetsNone() {
    assertFalse(args(OLD_V2, ENV).up(List.of(), List.of()).args().contains("--pull"));
    assertFalse(args(OLD_V2, ENV).run(List.of(), "web", null, List.of("true")).args().contains("--pull"));
  }

  @Test
  void everyProfileIsItsOwnFlag() {
    List<String> a = args(V1, ENV).config(List.of("reports", "extras")).args();
    int i = a.indexOf("--profile");
    assertEquals(List.of("--profile", "reports", "--profile", "extras", "config"), a.subList(i, a.size()));
  }

  @Test
  void noEnvFileNoFlag() {
    List<String> a = args(V1, null).stop(List.of()).args();
    assertFalse(a.contains("--env-file"));
    assertEquals("stop", a.get(a.size() - 1));
  }

  @Test
  void runIsOneShotWithoutTtyOrDependencies() {
    ComposeArgs.Invocation v1 = args(V1, ENV).run(List.of(), "web", "acd-demo_web_ferry_1",
        List.of("/app/migrate.sh", "--to", "1.0.1"));
    assertEquals(plus(global("/usr/bin/docker-compose"), "run", "--rm", "--no-deps", "-T",
        "--name", "acd-demo_web_ferry_1", "web", "/app/migrate.sh", "--to", "1.0.1"), v1.args());
    ComposeArgs.Invocation v2 = args(V2, ENV).run(List.of(), "web", "n", List.of("sh", "-c", "echo hi"));
    assertEquals(List.of("run", "--rm", "--no-deps", "-T", "--name", "n", "--pull", "never", "web", "sh", "-c",
        "echo hi"), v2.args().subList(v2.subcommandAt(), v2.args().size()));
  }

  @Test
  void downRemovesOrphansAndVolumesOnlyWhenAsked() {
    List<String> keep = args(V1, ENV).down(List.of(), false).args();
    List<String> wipe = args(V2, ENV).down(List.of("reports"), true).args();
    assertEquals(List.of("down", "--remove-orphans"), keep.subList(keep.indexOf("down"), keep.size()));
    assertEquals(List.of("down", "--remove-orphans", "--volumes"), wipe.subList(wipe.indexOf("down"), wipe.size()));
    assertTrue(wipe.containsAll(List.of("--profile", "reports")));
  }

  @Test
  void describeSkipsProjectOptionsEvenWhenTheyLookLikeSubcommands() {
    ComposeArgs weird = new ComposeArgs(V1, "up", Path.of("/run"), Path.of("/run/down.yml"), null);
    assertEquals("docker-compose config", weird.config(List.of("stop")).describe(V1));
  }
}
