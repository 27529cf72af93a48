package io.ferry.installer.backup;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareTestBed;
import io.ferry.installer.share.Shares;
import io.ferry.signing.snapshot.SnapshotStreamReader;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of bench/backup-bench.sh: one backup of a file as the stream {@code database} into a
 * repository (created on first use), one restore of the newest snapshot's stream (verified, then thrown
 * away), or removal of the repository folder. Prints {@code RESULT ...} lines; the time covers opening the
 * share (connect, log in), opening the repository and the whole backup or restore.
 *
 * <pre>
 *   BackupBench smb|local backup FOLDER SOURCE_FILE [LOCAL_DIR]
 *       RESULT backup PLAIN_BYTES NEW_BYTES NEW_CHUNKS CHUNKS SECONDS
 *   BackupBench smb|local restore FOLDER [LOCAL_DIR]
 *       RESULT restore BYTES SECONDS
 *   BackupBench smb|local rm FOLDER [LOCAL_DIR]
 * </pre>
 * Not a test; lives with the tests because it needs the test bed's settings.
 */
public final class BackupBench {
  private BackupBench() {}

  public static void main(String[] args) throws Exception {
    String impl = args[0];
    String op = args[1];
    String folder = args[2];
    String local = op.equals("backup") ? (args.length > 4 ? args[4] : null) : (args.length > 3 ? args[3] : null);
    long t0 = System.nanoTime();
    try (Share share = open(impl, local)) {
      switch (op) {
        case "backup" -> {
          BackupRepository repo = BackupRepository.openOrInit(share, folder, false);
          Path src = Path.of(args[3]);
          try (SnapshotWriter w = repo.newBackup("bench", "1.0.0", BackupRepository.thisHost());
               InputStream in = new BufferedInputStream(Files.newInputStream(src), 1 << 20);
               ProgressTask task = ProgressTask.start(ProgressListener.NONE, "backup", Files.size(src))) {
            w.addStream("database", "sql", in, task);
            CommittedSnapshot c = w.commit();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT backup %d %d %d %d %.6f%n", c.stats().plainBytes(), c.stats().newBytes(),
                c.stats().newChunks(), c.stats().chunks(), s);
          }
        }
        case "restore" -> {
          BackupRepository repo = BackupRepository.open(share, folder);
          List<SnapshotEntry> all = repo.snapshots();
          SnapshotEntry newest = all.get(all.size() - 1);
          long n = 0;
          try (SnapshotStreamReader r = repo.openStream(newest.snapshot(), "database")) {
            byte[] buf = new byte[1 << 20];
            int k;
            while ((k = r.read(buf)) > 0) {
              n += k;
            }
            if (!r.verified()) {
              throw new IllegalStateException("the stream did not verify");
            }
          }
          System.out.printf(Locale.ROOT, "RESULT restore %d %.6f%n", n, (System.nanoTime() - t0) / 1e9);
        }
        case "rm" -> ShareTestBed.deleteTree(share, folder);
        default -> throw new IllegalArgumentException("unknown operation " + op);
      }
    }
    System.exit(0);
  }

  static Share open(String impl, String local) throws Exception {
    if (impl.equals("local")) {
      return Shares.open(new LocalShareSettings(Path.of(local)), null, null);
    }
    if (impl.equals("smb")) {
      return BackupRepositorySmbIT.open();
    }
    throw new IllegalArgumentException("unknown share kind " + impl);
  }
}
