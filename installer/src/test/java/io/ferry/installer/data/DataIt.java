package io.ferry.installer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeProject;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.health.HealthWaiter;
import io.ferry.installer.stack.StackDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the data integration tests share: the sample stack run as a compose project of the tests'
 * own (ferry-it-data-…), psql and shell commands in its containers, listings of volumes, and a
 * restore source made of backup streams, as the backup repository will make one.
 */
final class DataIt {
  /** The sample's database image; its PostgreSQL is the real one the tests dump and restore. */
  static final String DB_IMAGE = "acd-demo/db:1.0.0";

  private DataIt() {}

  /** One compose project of the sample stack in its own folder. */
  record Stack(String name, Path dir, ComposeProject compose) {
    String volume(String key) {
      return Volumes.volumeName(name, key);
    }
  }

  /** The stacks a test class made, removed with all they hold when it is done. */
  static final class Stacks implements AutoCloseable {
    final DockerEngine engine = DockerEngine.open();
    final DockerClient docker = engine.client();
    private final Path parent;
    private final List<Stack> made = new ArrayList<>();

    Stacks(Path parent) throws Exception {
      this.parent = parent;
    }

    Stack newStack() throws Exception {
      Stack s = DataIt.newStack(docker, parent);
      made.add(s);
      return s;
    }

    @Override
    public void close() throws IOException {
      for (Stack s : made) {
        ItDocker.purge(docker, s.name());
      }
      engine.close();
    }
  }

  static StackDescriptor sampleDescriptor() throws Exception {
    return StackDescriptor.parse(Files.readAllBytes(sample().resolve("stack.yaml")), "samples/acd-demo/stack.yaml");
  }

  /** The sample's descriptor with one text replaced, e.g. another dump command. */
  static StackDescriptor sampleDescriptor(String from, String to) throws Exception {
    String text = Files.readString(sample().resolve("stack.yaml"));
    if (!text.contains(from)) {
      throw new IllegalStateException("the sample's stack.yaml changed: no '" + from + "'");
    }
    return StackDescriptor.parse(text.replace(from, to).getBytes(StandardCharsets.UTF_8), "stack.yaml (changed)");
  }

  static Path sample() {
    return RealBundles.repo().resolve("samples/acd-demo");
  }

  /** A new project ferry-it-data-XXXXXX of the sample's compose file; nothing created in the engine yet. */
  static Stack newStack(DockerClient docker, Path parent) throws Exception {
    String name = ItDocker.uniqueProject("data");
    Path dir = Files.createDirectories(parent.resolve(name));
    Files.copy(sample().resolve("compose.yaml"), dir.resolve("compose.yaml"));
    Files.writeString(dir.resolve(".env"), "FERRY_RELEASE=1.0.0\n");
    ComposeProject compose = ComposeCli.detect().project(name, dir, dir.resolve("compose.yaml"), dir.resolve(".env"),
        List.of()).withDocker(docker);
    return new Stack(name, dir, compose);
  }

  /** Starts the stack's db service and waits until it is healthy; returns its container ID. */
  static String startDb(DockerClient docker, Stack s) throws Exception {
    s.compose().up(List.of("db"));
    new HealthWaiter(docker, ProgressListener.NONE).waitHealthy(s.name(), List.of("db"), Duration.ofMinutes(3));
    return dbContainer(docker, s.name());
  }

  static String dbContainer(DockerClient docker, String project) {
    return ProjectContainers.list(docker, project).stream().filter(c -> c.service().equals("db") && !c.oneOff())
        .map(ContainerState::containerId).findFirst().orElse(null);
  }

  /** {@code psql -tAc SQL} in the container: the unaligned result. */
  static String psql(String container, String sql) throws Exception {
    return check(List.of("docker", "exec", container, "psql", "-U", "acd", "-d", "acd", "-X", "-v", "ON_ERROR_STOP=1",
        "-tAc", sql), 900).strip();
  }

  /** Plays an SQL file into the stack's database with the docker CLI, as a tester would. */
  static void psqlFile(String container, Path sql) throws Exception {
    check(List.of("sh", "-c", "docker exec -i " + container + " psql -U acd -d acd -X -q -v ON_ERROR_STOP=1 < " + sql),
        300);
  }

  /** A bash script run as root with the volume mounted at /v (the db image has GNU find, stat, md5sum). */
  static String inVolume(String volume, String script) throws Exception {
    return check(List.of("docker", "run", "--rm", "--network", "none", "--entrypoint", "bash", "-v", volume + ":/v",
        DB_IMAGE, "-c", script), 300);
  }

  /** Fills a volume with what a tar must carry: owners, modes, links, empty folders, odd names, a large file. */
  static void fillVolume(String volume) throws Exception {
    inVolume(volume, String.join(" && ",
        "cd /v",
        "mkdir -p docs/empty deep/a/b/c",
        "echo hello > docs/greeting.txt",
        "chown 70:71 docs/greeting.txt",
        "chmod 600 docs/greeting.txt",
        "printf '#!/bin/sh\\necho hi\\n' > run.sh",
        "chmod 4755 run.sh",
        "chown 1000:1000 docs/empty",
        "chmod 700 docs/empty",
        "ln -s docs/greeting.txt link-relative",
        "ln -s /nonexistent/target dangling",
        "ln docs/greeting.txt hardlink.txt",
        "head -c 20000000 /dev/urandom > big.bin",
        "touch 'name with spaces é'",
        "touch deep/a/b/c/" + "x".repeat(120),
        "chown 999:999 .",
        "chmod 750 ."));
  }

  /**
   * Every path of the volume (its root too) with owner, group, mode, type, size, mtime, link target
   * and content digest, sorted: two volumes with the same listing hold the same data.
   */
  static String listing(String volume) throws Exception {
    return inVolume(volume, "set -eo pipefail; cd /v && find . -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do"
        + " stat -c '%n %u:%g %a %F %s %Y %h' \"$f\";"
        + " if [ -L \"$f\" ]; then echo \"  -> $(readlink \"$f\")\";"
        + " elif [ -f \"$f\" ]; then echo \"  $(md5sum < \"$f\")\"; fi; done");
  }

  /** The command lines of every process in the container (docker top). */
  static List<String> processes(DockerClient docker, String container) {
    var top = docker.topContainerCmd(container).withPsArgs("-eo pid,ppid,args").exec();
    List<String> lines = new ArrayList<>();
    for (String[] p : top.getProcesses()) {
      lines.add(String.join(" ", p));
    }
    return lines;
  }

  /** Helper containers still there for volumes of {@code project}. */
  static List<String> helpers(DockerClient docker, String project) {
    List<String> left = new ArrayList<>();
    for (Container c : docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(Volumes.HELPER_LABEL, "volume")).exec()) {
      String v = c.getLabels().getOrDefault(Volumes.HELPER_VOLUME_LABEL, "");
      if (v.startsWith(project + "_")) {
        left.add(Arrays.toString(c.getNames()) + " for " + v);
      }
    }
    return left;
  }

  static void assertNoHelpers(DockerClient docker, String project) {
    assertEquals(List.of(), helpers(docker, project), "helper containers left behind");
  }

  /**
   * Backup streams as a restore source, as the backup repository will offer them: each stream's
   * length is learnt by reading it once (counting, keeping nothing), and opening it again reads
   * it anew from the stack.
   */
  static RestoreSource asSource(List<StackStream> streams) throws IOException {
    List<RestoreSource.StreamInfo> infos = new ArrayList<>();
    for (StackStream s : streams) {
      long n;
      try (InputStream in = s.open()) {
        n = in.transferTo(OutputStream.nullOutputStream());
      }
      infos.add(new RestoreSource.StreamInfo(s.name(), s.format(), n));
    }
    return new RestoreSource() {
      @Override
      public List<StreamInfo> streams() {
        return infos;
      }

      @Override
      public InputStream open(String name) throws IOException {
        return streams.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().open();
      }
    };
  }

  static String check(List<String> cmd, int timeoutSeconds) throws Exception {
    RealBundles.Run r = RealBundles.run(cmd, Map.of(), timeoutSeconds);
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " exited " + r.exitCode() + "\n" + r.out() + "\n" + r.err());
    }
    return r.out();
  }

  static String imageId(DockerClient docker, String ref) {
    return docker.inspectImageCmd(ref).exec().getId();
  }
}
