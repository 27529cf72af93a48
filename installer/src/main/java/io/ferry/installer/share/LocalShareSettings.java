package io.ferry.installer.share;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A folder on this host: a share the host mounts itself (fstab, autofs), or a local disk.
 *
 * @param path the folder, absolute; it must exist
 */
public record LocalShareSettings(Path path) implements ShareSettings {
  public LocalShareSettings {
    Objects.requireNonNull(path, "path");
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("the local share folder must be an absolute path: " + path);
    }
  }

  @Override
  public String describe() {
    return "local folder " + path;
  }
}
