package io.ferry.bundler.bundle;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the bundle file: the manifest, its signature, then every blob in manifest order. Written to
 * a temporary file in the target folder, synced, and renamed into place, so a crash or a full disk
 * never leaves something that looks like a bundle. Entries carry fixed owner, mode and time so the
 * same inputs give the same bytes.
 */
public final class BundleTarWriter {
  private static final int BUFFER = 1 << 20;

  private BundleTarWriter() {}

  public static void write(Path out, BundleManifest manifest, byte[] signature, BlobStaging staging,
      ProgressListener progress) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // A bundle is public (it is signed, not secret): readable by all, unlike createTempFile's 0600.
    Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".partial",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    Date mtime = Date.from(manifest.created());
    try {
      try (ProgressTask task = ProgressTask.start(progress, "writing bundle", manifest.storedBytes());
          FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream file = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), BUFFER);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        byte[] manifestBytes = manifest.toBytes();
        putBytes(tar, BundleLayout.MANIFEST, manifestBytes, mtime);
        putBytes(tar, BundleLayout.SIGNATURE, signature, mtime);
        byte[] buf = new byte[BUFFER];
        for (Blob blob : manifest.blobs()) {
          task.item(blob.kind().token() + " " + blob.digest().substring(0, 12));
          Path source = staging.dir().resolve(blob.digest());
          tar.putArchiveEntry(entry(blob.entryName(), blob.size(), mtime));
          try (InputStream in = Files.newInputStream(source)) {
            int n;
            while ((n = in.read(buf)) > 0) {
              tar.write(buf, 0, n);
              task.advance(n);
            }
          }
          tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
        channel.force(true);
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // Not every filesystem lets a folder be synced; the rename itself is already atomic.
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void putBytes(TarArchiveOutputStream tar, String name, byte[] bytes, Date mtime) throws IOException {
    tar.putArchiveEntry(entry(name, bytes.length, mtime));
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, long size, Date mtime) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    e.setMode(0644);
    e.setModTime(mtime);
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }
}
