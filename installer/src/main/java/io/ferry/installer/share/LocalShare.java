package io.ferry.installer.share;

import io.ferry.installer.share.ShareException.Kind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A share that is a folder on this host: a share the host mounts itself, or a local disk.
 *
 * <p>Writes are atomic and write-once: the data goes to a temporary file in the target folder, is
 * fsynced, then published with {@code link(2)}, which fails if the name exists (so two writers racing
 * for one name cannot both win), and the folder is fsynced. On file systems without hard links (some
 * FUSE or CIFS mounts) it falls back to a rename after an existence check, which is not atomic against
 * a second writer on another host; for content-addressed objects that only means the same bytes are
 * written twice.
 *
 * <p>Thread-safe.
 */
final class LocalShare implements Share {
  private static final int READ_BUFFER = BlockIo.BLOCK;
  private final Path root;

  private LocalShare(Path root) {
    this.root = root;
  }

  static LocalShare open(LocalShareSettings s) throws ShareException {
    Path root = s.path().normalize();
    if (!Files.isDirectory(root)) {
      if (Files.exists(root)) {
        throw new ShareException(Kind.NOT_FOUND, "the share folder " + root + " is not a folder: set the share's path to a folder");
      }
      throw new ShareException(Kind.NOT_FOUND, "the share folder " + root
          + " does not exist: create it (mkdir -p " + root + ") or mount the share there");
    }
    return new LocalShare(root);
  }

  @Override
  public String describe() {
    return root.toString();
  }

  private Path resolve(List<String> segments) {
    Path p = root;
    for (String s : segments) {
      p = p.resolve(s);
    }
    return p;
  }

  @Override
  public boolean exists(String path) throws ShareException {
    return Files.exists(resolve(SharePaths.object(path)), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public long size(String path) throws ShareException {
    Path p = resolve(SharePaths.object(path));
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw error("read the size of", path, e);
    }
  }

  @Override
  public InputStream read(String path) throws ShareException {
    Path p = resolve(SharePaths.object(path));
    try {
      InputStream in = Files.newInputStream(p);
      return new BufferedInputStream(in, READ_BUFFER) {
        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
          try {
            return super.read(b, off, len);
          } catch (IOException e) {
            ShareException se = error("read", path, e);
            throw new IOException(se.getMessage(), se);
          }
        }
      };
    } catch (IOException e) {
      throw error("open", path, e);
    }
  }

  @Override
  public boolean putIfAbsent(String path, InputStream data, long length) throws ShareException {
    List<String> seg = SharePaths.object(path);
    Path target = resolve(seg);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path dir = target.getParent();
    Path tmp = dir.resolve(SharePaths.tempName(SharePaths.name(seg)));
    try {
      try {
        Files.createDirectories(dir);
        write(tmp, data, length);
      } catch (BlockIo.SourceException e) {
        throw new ShareException(Kind.IO, "could not write " + path + " to " + root + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw error("write", path, e);
      }
      boolean published;
      try {
        published = publish(tmp, target);
      } catch (IOException e) {
        throw error("publish", path, e);
      }
      syncFolder(dir);
      return published;
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a leftover temporary object is cleaned up by retention (its name says what it is)
      }
    }
  }

  private static void write(Path tmp, InputStream data, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      BlockIo.copy(data, length, (offset, b, len) -> {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        long at = offset;
        while (bb.hasRemaining()) {
          at += ch.write(bb, at);
        }
      }, 1, null);
      ch.force(true);
    }
  }

  /** Gives the finished temporary file its name, unless the name is taken; false if it was. */
  private static boolean publish(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
        throw (IOException) e;
      }
      // No hard links here (EPERM/EOPNOTSUPP on some mounts): a move without replace, not atomic
      // against a writer on another host.
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      try {
        Files.move(tmp, target);
        return true;
      } catch (FileAlreadyExistsException again) {
        return false;
      }
    }
  }

  private static void syncFolder(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a folder; the link itself is atomic regardless
    }
  }

  @Override
  public void mkdirs(String dir) throws ShareException {
    try {
      Files.createDirectories(resolve(SharePaths.folder(dir)));
    } catch (IOException e) {
      throw error("create the folder", dir, e);
    }
  }

  @Override
  public List<String> list(String dir) throws ShareException {
    Path p = resolve(SharePaths.folder(dir));
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(p)) {
      s.forEach(c -> names.add(c.getFileName().toString()));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw error("list", dir, e);
    }
    names.sort(null);
    return names;
  }

  @Override
  public void delete(String path) throws ShareException {
    Path p = resolve(SharePaths.objectOrTemp(path));
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw error("delete", path, e);
    }
  }

  @Override
  public OptionalLong freeBytes() throws ShareException {
    try {
      return OptionalLong.of(Files.getFileStore(root).getUsableSpace());
    } catch (IOException e) {
      throw error("ask the free space of", "", e);
    }
  }

  @Override
  public void close() {
    // nothing is held open between calls
  }

  private ShareException error(String action, String path, IOException e) {
    String where = path.isEmpty() ? root.toString() : root.resolve(path).toString();
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
    String r = reason == null ? "" : reason;
    if (e instanceof NoSuchFileException) {
      return new ShareException(Kind.NOT_FOUND, "cannot " + action + " " + where + ": it does not exist", e);
    }
    if (e instanceof AccessDeniedException || r.contains("Permission denied") || r.contains("Operation not permitted")
        || r.contains("Read-only file system")) {
      return new ShareException(Kind.PERMISSION_DENIED, "cannot " + action + " " + where + ": permission denied ("
          + r + "): let the user Ferry runs as (root) write to " + root, e);
    }
    if (r.contains("No space left on device") || r.contains("Disk quota exceeded")) {
      return new ShareException(Kind.FULL, "cannot " + action + " " + where + ": the share is full (" + r
          + "): free space on it or enlarge it, or let retention remove old backups", e);
    }
    if (e instanceof NotDirectoryException || e instanceof DirectoryNotEmptyException) {
      return new ShareException(Kind.IO, "cannot " + action + " " + where + ": " + e.getClass().getSimpleName()
          .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(), e);
    }
    return new ShareException(Kind.IO, "cannot " + action + " " + where + ": " + r, e);
  }
}
