package io.ferry.bundler.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams a folder as a tar with sorted names and fixed owner and time, so the same folder gives the
 * same bytes (and the same blob digest) on every build.
 */
public final class FolderTar {
  private FolderTar() {}

  /** A stream of the tar, produced by a background thread; an error there surfaces on read or close. */
  public static InputStream stream(Path folder, Date mtime) throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<IOException> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        write(folder, out, mtime);
      } catch (IOException e) {
        failure.set(e);
      } finally {
        // Close only after the failure is recorded: the reader checks it when it sees the end.
        try {
          out.close();
        } catch (IOException ignored) {
          // the reader is gone
        }
      }
    }, "tar " + folder.getFileName());
    writer.setDaemon(true);
    writer.start();
    return new java.io.FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && failure.get() != null) {
          throw failure.get();
        }
        return n;
      }
    };
  }

  public static void write(Path folder, OutputStream out, Date mtime) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder)) {
      paths = walk.filter(p -> !p.equals(folder)).sorted().toList();
    }
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Path p : paths) {
      String name = folder.relativize(p).toString().replace('\\', '/');
      if (Files.isSymbolicLink(p)) {
        throw new IOException(p + " is a symbolic link; vanilla data must be plain files and folders");
      }
      boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      TarArchiveEntry e = new TarArchiveEntry(dir ? name + "/" : name);
      e.setModTime(mtime);
      e.setUserId(0);
      e.setGroupId(0);
      e.setUserName("");
      e.setGroupName("");
      e.setMode(dir ? 040755 : Files.isExecutable(p) ? 0100755 : 0100644);
      if (!dir) {
        e.setSize(Files.size(p));
      }
      tar.putArchiveEntry(e);
      if (!dir) {
        Files.copy(p, tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }
}
