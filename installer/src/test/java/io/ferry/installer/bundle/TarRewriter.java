package io.ferry.installer.bundle;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Test tool: streams a tar to a new tar while tampering with it, as an attacker or a bad disk would. */
final class TarRewriter {
  interface Edit {
    /** Writes (or not) the entry to {@code out}; the default copies it unchanged. */
    default void entry(TarArchiveEntry e, InputStream content, TarArchiveOutputStream out) throws IOException {
      copy(e, content, out);
    }

    default void atEnd(TarArchiveOutputStream out) throws IOException {}
  }

  private TarRewriter() {}

  static void rewrite(Path in, Path out, Edit edit) throws IOException {
    try (InputStream i = new BufferedInputStream(Files.newInputStream(in));
        TarArchiveInputStream tar = new TarArchiveInputStream(i);
        OutputStream o = new BufferedOutputStream(Files.newOutputStream(out));
        TarArchiveOutputStream w = new TarArchiveOutputStream(o)) {
      w.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      w.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        edit.entry(e, tar, w);
      }
      edit.atEnd(w);
      w.finish();
    }
  }

  static void copy(TarArchiveEntry e, InputStream content, TarArchiveOutputStream out) throws IOException {
    TarArchiveEntry n = new TarArchiveEntry(e.getName());
    n.setSize(e.getSize());
    n.setModTime(e.getModTime());
    out.putArchiveEntry(n);
    content.transferTo(out);
    out.closeArchiveEntry();
  }

  static void put(TarArchiveOutputStream out, String name, byte[] bytes) throws IOException {
    TarArchiveEntry n = new TarArchiveEntry(name, true);
    n.setSize(bytes.length);
    out.putArchiveEntry(n);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  static void putLink(TarArchiveOutputStream out, String name, String target, boolean symbolic) throws IOException {
    TarArchiveEntry n = new TarArchiveEntry(name, symbolic ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK);
    n.setLinkName(target);
    out.putArchiveEntry(n);
    out.closeArchiveEntry();
  }

  /** Flips one byte at {@code offset} of the first entry that matches. */
  static Edit flipByte(Predicate<String> which, long offset) {
    AtomicBoolean done = new AtomicBoolean();
    return new Edit() {
      @Override
      public void entry(TarArchiveEntry e, InputStream content, TarArchiveOutputStream out) throws IOException {
        if (done.get() || !which.test(e.getName()) || e.getSize() <= offset) {
          copy(e, content, out);
          return;
        }
        done.set(true);
        TarArchiveEntry n = new TarArchiveEntry(e.getName());
        n.setSize(e.getSize());
        out.putArchiveEntry(n);
        byte[] buf = new byte[1 << 16];
        long pos = 0;
        int r;
        while ((r = content.read(buf)) > 0) {
          if (offset >= pos && offset < pos + r) {
            buf[(int) (offset - pos)] ^= 0x01;
          }
          out.write(buf, 0, r);
          pos += r;
        }
        out.closeArchiveEntry();
      }
    };
  }

  /** Replaces the content of the first matching entry. */
  static Edit replace(Predicate<String> which, byte[] content) {
    AtomicBoolean done = new AtomicBoolean();
    return new Edit() {
      @Override
      public void entry(TarArchiveEntry e, InputStream in, TarArchiveOutputStream out) throws IOException {
        if (!done.get() && which.test(e.getName())) {
          done.set(true);
          put(out, e.getName(), content);
        } else {
          copy(e, in, out);
        }
      }
    };
  }

  static Edit drop(Predicate<String> which) {
    AtomicBoolean done = new AtomicBoolean();
    return new Edit() {
      @Override
      public void entry(TarArchiveEntry e, InputStream in, TarArchiveOutputStream out) throws IOException {
        if (!done.get() && which.test(e.getName())) {
          done.set(true);
          in.transferTo(OutputStream.nullOutputStream());
        } else {
          copy(e, in, out);
        }
      }
    };
  }

  static Edit duplicate(Predicate<String> which) {
    AtomicBoolean done = new AtomicBoolean();
    return new Edit() {
      @Override
      public void entry(TarArchiveEntry e, InputStream in, TarArchiveOutputStream out) throws IOException {
        if (!done.get() && which.test(e.getName()) && e.getSize() < (64 << 20)) {
          done.set(true);
          byte[] bytes = in.readAllBytes();
          put(out, e.getName(), bytes);
          put(out, e.getName(), bytes);
        } else {
          copy(e, in, out);
        }
      }
    };
  }

  static Edit append(Edit extra) {
    return new Edit() {
      @Override
      public void atEnd(TarArchiveOutputStream out) throws IOException {
        extra.atEnd(out);
      }
    };
  }

  static Edit appendFile(String name, byte[] bytes) {
    return new Edit() {
      @Override
      public void atEnd(TarArchiveOutputStream out) throws IOException {
        put(out, name, bytes);
      }
    };
  }

  static Edit appendLink(String name, String target, boolean symbolic) {
    return new Edit() {
      @Override
      public void atEnd(TarArchiveOutputStream out) throws IOException {
        putLink(out, name, target, symbolic);
      }
    };
  }

  static void truncate(Path in, Path out, long length) throws IOException {
    try (InputStream i = Files.newInputStream(in); OutputStream o = Files.newOutputStream(out)) {
      byte[] buf = new byte[1 << 16];
      long left = length;
      int r;
      while (left > 0 && (r = i.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        o.write(buf, 0, r);
        left -= r;
      }
    }
  }
}
