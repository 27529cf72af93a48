package io.ferry.tui.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The simple chooser's source: the *.ferry files of a folder, by name. */
final class BundleFiles {
  private BundleFiles() {}

  static List<Path> in(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".ferry") && Files.isRegularFile(p)).sorted()
          .toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
