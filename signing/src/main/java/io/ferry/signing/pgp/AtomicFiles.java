package io.ferry.signing.pgp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either nothing or all of it, even after a crash: a temporary
 * file in the same folder, fsync, rename, fsync the folder.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a public file, replacing any file already there. */
  static void write(Path target, byte[] content) throws IOException {
    Path temp = createTemp(target, false);
    try {
      writeAndSync(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncFolder(target);
  }

  /**
   * Writes a file only its owner may read (mode 0600 where the file system has POSIX modes) and
   * never replaces an existing file: overwriting a release key by mistake cannot be undone.
   *
   * @throws FileAlreadyExistsException if {@code target} exists
   */
  static void writeSecret(Path target, byte[] content) throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "will not overwrite a key");
    }
    // The mode is set when the file is created, so the key is never readable by others, not even
    // for the moment between creating and chmod-ing it.
    Path temp = createTemp(target, true);
    try {
      writeAndSync(temp, content);
      // A plain move (no REPLACE_EXISTING) fails if the target appeared in the meantime.
      Files.move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncFolder(target);
  }

  private static Path createTemp(Path target, boolean ownerOnly) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".";
    if (ownerOnly && folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------"));
      return Files.createTempFile(folder, prefix, ".tmp", mode);
    }
    return Files.createTempFile(folder, prefix, ".tmp");
  }

  private static void writeAndSync(Path temp, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  private static void syncFolder(Path target) {
    try (FileChannel folder =
        FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a folder; the rename itself has still happened.
    }
  }
}
