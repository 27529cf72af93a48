package io.ferry.installer.data;

import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeProject;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.stack.StackDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's way from one stack to another, run by {@link DatabaseStreamIT} in a JVM of its
 * own with a small heap: the backup stream of the source's database read once to learn its length
 * (as the backup repository learns it by storing it), then read again straight into the restore of
 * the target. Prints {@code bytes=N seconds=S peakHeapMiB=H} on success.
 *
 * <p>Arguments: source project, target project, the target's compose folder (compose.yaml and
 * .env in it), the stack descriptor file.
 */
public final class DatabaseRoundTrip {
  private DatabaseRoundTrip() {}

  public static void main(String[] args) throws Exception {
    String sourceProject = args[0];
    String targetProject = args[1];
    Path targetDir = Path.of(args[2]);
    StackDescriptor descriptor = StackDescriptor.parse(Files.readAllBytes(Path.of(args[3])), args[3]);
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      Runtime rt = Runtime.getRuntime();
      while (true) {
        peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    try (DockerEngine engine = DockerEngine.open()) {
      List<StackStream> streams = new StackBackup(engine).streams(sourceProject, descriptor, List.of());
      StackStream database = streams.stream().filter(s -> s.name().equals(DataFormats.DATABASE)).findFirst()
          .orElseThrow();
      long length;
      try (InputStream in = database.open()) {
        length = in.transferTo(OutputStream.nullOutputStream());
      }
      RestoreSource source = new RestoreSource() {
        @Override
        public List<StreamInfo> streams() {
          return List.of(new StreamInfo(database.name(), database.format(), length));
        }

        @Override
        public InputStream open(String name) throws java.io.IOException {
          return database.open();
        }
      };
      ComposeProject target = ComposeCli.detect().project(targetProject, targetDir, targetDir.resolve("compose.yaml"),
          targetDir.resolve(".env"), List.of()).withDocker(engine.client());
      String helperImage = engine.client().inspectImageCmd(DataIt.DB_IMAGE).exec().getId();
      new StackRestore(engine, null).restore(target, descriptor, helperImage, source, false);
      System.out.printf("bytes=%d seconds=%.1f peakHeapMiB=%d maxHeapMiB=%d%n", length,
          (System.nanoTime() - start) / 1e9, peak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }
  }
}
