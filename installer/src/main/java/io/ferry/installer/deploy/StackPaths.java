package io.ferry.installer.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a stack lives on the host: {@code <state dir>/<stack>/} holds the rendered compose project
 * (the release's files under release/, the .env compose reads, the customer's TLS files under
 * tls/), the record of what is deployed, the configuration history and the restore marker.
 */
public record StackPaths(Path root) {
  public static StackPaths of(Path stateDir, String stack) {
    return new StackPaths(stateDir.resolve(stack));
  }

  public Path releaseDir() { return root.resolve("release"); }
  public Path previousReleaseDir() { return root.resolve("release.previous"); }
  public Path envFile() { return root.resolve(".env"); }
  public Path tlsDir() { return root.resolve("tls"); }
  public Path record() { return root.resolve("deployment.json"); }
  public Path customerConfig() { return root.resolve("customer.yaml"); }
  public Path history() { return root.resolve("history"); }
  /** Present while vanilla data is being restored: a crash there leaves partial data to redo. */
  public Path restoreMarker() { return root.resolve("restore.pending"); }

  /**
   * The files the running stack was rendered from, which a backup records next to its data
   * (see {@code StackBackup}): the customer configuration, the compose environment, the record.
   */
  public List<Path> runningConfiguration() {
    return List.of(customerConfig(), envFile(), record());
  }
}
