package io.ferry.installer.backupshare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.progress.ProgressEvent;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.BackupRepository;
import io.ferry.installer.backup.CommittedSnapshot;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.backup.SnapshotWriter;
import io.ferry.installer.backup.VerifyResult;
import io.ferry.installer.backupshare.ShareSnapshots.Listing;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.Shares;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's view of a backup share, on a local folder: list, check one snapshot, read its configuration. */
class ShareSnapshotsTest {
  @TempDir Path dir;
  Path folder;
  CustomerConfig config;

  @BeforeEach
  void setUp() throws Exception {
    folder = Files.createDirectory(dir.resolve("backups"));
    Path file = dir.resolve("customer.yaml");
    Files.writeString(file, "stack: acd-demo\nbackup:\n  share: {type: local, path: " + folder + "}\n");
    config = CustomerConfig.read(file);
  }

  CommittedSnapshot backup(String release, String keptConfig) throws Exception {
    try (Share share = Shares.open(new LocalShareSettings(folder), null, null)) {
      BackupRepository repo = BackupRepository.openOrInit(share, "", false);
      try (SnapshotWriter w = repo.newBackup("acd-demo", release, "acd01")) {
        byte[] data = new byte[300_000];
        new Random(release.hashCode()).nextBytes(data);
        add(w, "volume/prompts", "tar", data);
        if (keptConfig != null) {
          add(w, ShareSnapshots.CONFIG_STREAM, "yaml", keptConfig.getBytes(StandardCharsets.UTF_8));
        }
        return w.commit();
      }
    }
  }

  static void add(SnapshotWriter w, String name, String format, byte[] data) throws Exception {
    try (ProgressTask task = ProgressTask.start(ProgressListener.NONE, name, -1)) {
      w.addStream(name, format, new ByteArrayInputStream(data), task);
    }
  }

  @Test
  void anEmptyFolderIsAShareWithoutBackupsYet() throws Exception {
    Listing l = ShareSnapshots.list(config, PasswordSource.withoutPrompt());
    assertFalse(l.repository());
    assertTrue(l.snapshots().isEmpty());
    assertTrue(l.where().contains(folder.toString()), l.where());
  }

  @Test
  void aFolderWithOtherFilesIsRefusedWithTheRepositorysMessage() throws Exception {
    Files.writeString(folder.resolve("notes.txt"), "not a backup");
    BackupException e = assertThrows(BackupException.class,
        () -> ShareSnapshots.list(config, PasswordSource.withoutPrompt()));
    assertEquals(BackupException.Kind.NOT_A_REPOSITORY, e.kind());
    assertTrue(e.getMessage().contains("holds no Ferry backup repository"), e.getMessage());
  }

  @Test
  void aMissingFolderIsTheShareLayersError() throws Exception {
    Files.delete(folder);
    ShareException e = assertThrows(ShareException.class,
        () -> ShareSnapshots.list(config, PasswordSource.withoutPrompt()));
    assertEquals(ShareException.Kind.NOT_FOUND, e.kind());
  }

  @Test
  void listsEverySnapshotAndMarksADamagedDocument() throws Exception {
    CommittedSnapshot first = backup("1.0.0", null);
    CommittedSnapshot second = backup("1.0.1", null);
    Path doc = folder.resolve("snapshots").resolve(second.name());
    Files.writeString(doc, Files.readString(doc).replace("release 1.0.1", "release 9.9.9"));
    Listing l = ShareSnapshots.list(config, PasswordSource.withoutPrompt());
    assertTrue(l.repository());
    assertEquals(2, l.snapshots().size());
    SnapshotEntry good = l.snapshots().stream().filter(e -> e.name().equals(first.name())).findFirst().orElseThrow();
    SnapshotEntry damaged = l.snapshots().stream().filter(e -> e.name().equals(second.name())).findFirst().orElseThrow();
    assertEquals("1.0.0", good.snapshot().release());
    assertTrue(damaged.damaged());
    assertTrue(damaged.problem().contains("does not match its name"), damaged.problem());
  }

  @Test
  void verifyReadsEveryChunkWithProgressAndNamesADamagedOne() throws Exception {
    CommittedSnapshot s = backup("1.0.0", null);
    List<ProgressEvent> events = new ArrayList<>();
    VerifyResult ok = ShareSnapshots.verify(config, PasswordSource.withoutPrompt(), s.name(), events::add);
    assertTrue(ok.ok(), ok.summary());
    assertTrue(ok.dataRead());
    assertTrue(ok.bytesRead() >= 300_000, ok.summary());
    ProgressEvent last = events.get(events.size() - 1);
    assertEquals(ProgressEvent.Phase.FINISH, last.phase());
    assertEquals(last.total(), last.done(), "the gauge ends full");

    Path chunk;
    try (Stream<Path> files = Files.walk(folder.resolve("chunks"))) {
      chunk = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(chunk);
    b[b.length / 2] ^= 1;
    Files.write(chunk, b);
    VerifyResult bad = ShareSnapshots.verify(config, PasswordSource.withoutPrompt(), s.name(), ProgressListener.NONE);
    assertFalse(bad.ok());
    assertTrue(bad.summary().contains("1 corrupt"), bad.summary());

    BackupException none = assertThrows(BackupException.class, () -> ShareSnapshots.verify(config,
        PasswordSource.withoutPrompt(), "20991231T000000Z-000000000000", ProgressListener.NONE));
    assertEquals(BackupException.Kind.NOT_FOUND, none.kind());
  }

  @Test
  void readsTheConfigurationABackupKept() throws Exception {
    CommittedSnapshot with = backup("1.0.0", "stack: acd-demo\nsizing: large\ndns_names: [acd.customer.example]\n");
    CommittedSnapshot without = backup("1.0.1", null);
    Optional<CustomerConfig> kept = ShareSnapshots.savedConfiguration(config, PasswordSource.withoutPrompt(),
        with.name());
    assertEquals("large", kept.orElseThrow().sizing());
    assertEquals(List.of("acd.customer.example"), kept.get().dnsNames());
    assertEquals(Optional.empty(), ShareSnapshots.savedConfiguration(config, PasswordSource.withoutPrompt(),
        without.name()));
  }

  @Test
  void aKeptConfigurationThatIsNoneSaysWhereTheProblemIs() throws Exception {
    CommittedSnapshot s = backup("1.0.0", "stack: acd-demo\nsizng: large\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ShareSnapshots.savedConfiguration(config, PasswordSource.withoutPrompt(), s.name()));
    assertTrue(e.getMessage().startsWith("/" + s.name() + "/config/customer.yaml line 2: unknown key 'sizng'"),
        e.getMessage());
  }
}
