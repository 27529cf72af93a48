package io.ferry.installer.backupshare;

import io.ferry.installer.config.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Writes the SMB password file that {@code backup.share.password_file} names, the way
 * {@link PasswordSource} accepts it: one line, mode 0600 from the moment it exists (never readable by
 * others, not even briefly), in a folder made 0700 if it is missing, replaced atomically. Owned by the
 * user that runs Ferry (root in production). Stateless and thread-safe.
 */
public final class PasswordFile {
  private PasswordFile() {}

  /**
   * Writes {@code password} to {@code file} (replacing it), followed by a line break.
   *
   * @throws IllegalArgumentException when {@code file} is not absolute, or the password is empty or
   *     spans lines (the reader would refuse it)
   * @throws IOException when the folder or the file cannot be written; nothing half-written is left
   */
  public static void write(Path file, char[] password) throws IOException {
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("the password file must be an absolute path: " + file);
    }
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("the password is empty");
    }
    for (char c : password) {
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException("the password spans lines");
      }
    }
    Path folder = file.getParent();
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder.getParent());
      try {
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // made meanwhile: use it
      }
    }
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining() + 1];
    encoded.get(bytes, 0, bytes.length - 1);
    bytes[bytes.length - 1] = '\n';
    Arrays.fill(encoded.array(), (byte) 0);
    try {
      AtomicFiles.write(file, bytes, "rw-------");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
