package io.ferry.installer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.data.DataIt.Stack;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.stack.StackDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup streams of a running sample stack restored into other stacks, against the real engine
 * and the sample's PostgreSQL: volumes come back exactly (owners, modes, links, empty folders),
 * data in the way is refused without a change, and replaced when the restore says overwrite.
 */
class StackRestoreIT {
  @TempDir static Path tmp;
  static DataIt.Stacks stacks;
  static DockerEngine engine;
  static DockerClient docker;
  static StackDescriptor descriptor;
  static String helperImage;
  static Stack source;
  static String sourceListing;

  /** The source: the sample's vanilla database and a volume of everything a tar must carry. */
  @BeforeAll
  static void sourceStack() throws Exception {
    stacks = new DataIt.Stacks(tmp);
    engine = stacks.engine;
    docker = stacks.docker;
    descriptor = DataIt.sampleDescriptor();
    helperImage = DataIt.imageId(docker, DataIt.DB_IMAGE);
    source = stack();
    String db = DataIt.startDb(docker, source);
    DataIt.psqlFile(db, DataIt.sample().resolve("vanilla/database.sql"));
    new Volumes(engine).create(source.name(), "prompts");
    DataIt.fillVolume(source.volume("prompts"));
    sourceListing = DataIt.listing(source.volume("prompts"));
  }

  static Stack stack() throws Exception {
    return stacks.newStack();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (stacks != null) {
      stacks.close();
    }
  }

  List<StackStream> backup(List<Path> config) throws Exception {
    return new StackBackup(engine).streams(source.name(), descriptor, config);
  }

  @Test
  void theBackupListsTheDescriptorsDataInOrderAndTheRunningConfiguration() throws Exception {
    Path customer = Files.writeString(tmp.resolve("customer.yaml"), "stack: acd-demo\nsizing: small\n");
    Path env = Files.writeString(tmp.resolve(".env"), "FERRY_RELEASE=1.0.0\nACD_SIZE=small\n");

    List<StackStream> streams = backup(List.of(customer, env));

    assertEquals("[database (sql), volume/prompts (tar), volume/reports (tar), config/customer.yaml (yaml),"
        + " config/.env (env)]", streams.toString());
    try (InputStream in = streams.get(4).open()) {
      assertEquals("FERRY_RELEASE=1.0.0\nACD_SIZE=small\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    try (InputStream in = streams.get(0).open()) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(sql.contains("PostgreSQL database dump complete"), sql);
      assertTrue(sql.contains("Alice Martin"), "a row of the vanilla data: " + sql);
    }
    BackupException missing = assertThrows(BackupException.class,
        () -> backup(List.of(tmp.resolve("deployment.json"))));
    assertTrue(missing.getMessage().contains("deployment.json is missing"), missing.getMessage());
  }

  @Test
  void aVolumeTarHasTheVolumeRootAsItsOneTopFolder() throws Exception {
    StackStream prompts = backup(List.of()).get(1);
    List<String> names = new ArrayList<>();
    TarArchiveEntry root = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(prompts.open())) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
        if (e.getName().equals(Volumes.TAR_ROOT)) {
          root = e;
        }
      }
    }
    assertTrue(names.stream().allMatch(n -> n.startsWith(Volumes.TAR_ROOT)), names.toString());
    assertTrue(names.contains("ferry-volume/docs/empty/"), names.toString());
    assertEquals(999, root.getLongUserId());
    assertEquals(0750, root.getMode() & 07777);
    DataIt.assertNoHelpers(docker, source.name());
  }

  @Test
  void aVolumeComesBackExactlyInAFreshStack() throws Exception {
    Stack target = stack();
    RestoreSource backup = DataIt.asSource(backup(List.of()));

    StackRestore.Restored r = new StackRestore(engine, null).restore(target.compose(), descriptor, helperImage,
        backup, false);

    assertEquals(List.of("volume/prompts", "volume/reports", "database"), r.restored());
    String copy = DataIt.listing(target.volume("prompts"));
    assertEquals(sourceListing, copy);
    assertTrue(copy.contains(". 999:999 750 directory"), copy);
    assertTrue(copy.contains("./run.sh 0:0 4755 regular file"), copy);
    assertTrue(copy.contains("./docs/empty 1000:1000 700 directory"), copy);
    assertTrue(copy.contains("./dangling 0:0 777 symbolic link") && copy.contains("-> /nonexistent/target"), copy);
    assertTrue(copy.contains("./hardlink.txt 70:71 600 regular file 6 ") && copy.contains(" 2\n"), copy);
    String db = DataIt.dbContainer(docker, target.name());
    assertEquals(DataIt.psql(DataIt.dbContainer(docker, source.name()), "SELECT count(*) FROM agents"),
        DataIt.psql(db, "SELECT count(*) FROM agents"));
    assertEquals("Alice Martin", DataIt.psql(db, "SELECT display_name FROM agents WHERE display_name = 'Alice Martin'"));
    DataIt.assertNoHelpers(docker, target.name());
  }

  @Test
  void aVolumeHoldingDataIsRefusedAndNothingChanges() throws Exception {
    Stack target = stack();
    new Volumes(engine).create(target.name(), "prompts");
    DataIt.inVolume(target.volume("prompts"), "echo mine > /v/customer-prompt.txt");
    String before = DataIt.listing(target.volume("prompts"));

    NotEmptyException e = assertThrows(NotEmptyException.class, () -> new StackRestore(engine, null)
        .restore(target.compose(), descriptor, helperImage, DataIt.asSource(backup(List.of())), false));

    assertTrue(e.getMessage().contains("volume " + target.volume("prompts") + " (it holds customer-prompt.txt)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Nothing was changed") && e.getMessage().contains("overwrite"), e.getMessage());
    assertEquals(before, DataIt.listing(target.volume("prompts")));
    assertNull(DataIt.dbContainer(docker, target.name()), "the database was not even started");
    DataIt.assertNoHelpers(docker, target.name());
  }

  @Test
  void aDatabaseHoldingDataIsRefusedAndNothingChangesThenOverwriteReplacesAll() throws Exception {
    Stack target = stack();
    String db = DataIt.startDb(docker, target);
    DataIt.psql(db, "CREATE TABLE local_only (id int); INSERT INTO local_only VALUES (1), (2)");
    new Volumes(engine).create(target.name(), "prompts");
    DataIt.inVolume(target.volume("prompts"), "echo old > /v/old.txt && mkdir /v/old-folder");
    RestoreSource backup = DataIt.asSource(backup(List.of()));

    // The volume holds data too: both are named, nothing is touched.
    NotEmptyException both = assertThrows(NotEmptyException.class, () -> new StackRestore(engine, null)
        .restore(target.compose(), descriptor, helperImage, backup, false));
    assertTrue(both.getMessage().contains("(it holds old"), both.getMessage());

    // Only the database holds data: named, and the empty volume stays empty.
    new Volumes(engine).remove(target.volume("prompts"));
    NotEmptyException e = assertThrows(NotEmptyException.class, () -> new StackRestore(engine, null)
        .restore(target.compose(), descriptor, helperImage, backup, false));
    assertTrue(e.getMessage().contains("the database ('psql -U acd -d acd -tAc select count(*) from pg_tables where"
        + " schemaname='public'' printed 1, not 0)"), e.getMessage());
    assertEquals("2", DataIt.psql(db, "SELECT count(*) FROM local_only"));
    assertEquals(db, DataIt.dbContainer(docker, target.name()), "the database container was kept");
    assertTrue(new Volumes(engine).isEmpty(target.volume("prompts"), helperImage));

    new Volumes(engine).create(target.name(), "prompts");
    DataIt.inVolume(target.volume("prompts"), "echo old > /v/old.txt && mkdir /v/old-folder");
    StackRestore.Restored r = new StackRestore(engine, null).restore(target.compose(), descriptor, helperImage,
        backup, true);

    assertEquals(List.of("volume/prompts", "volume/reports", "database"), r.restored());
    assertEquals(sourceListing, DataIt.listing(target.volume("prompts")), "the old files are gone");
    String newDb = DataIt.dbContainer(docker, target.name());
    assertNotEquals(db, newDb, "the database service started anew on an empty database");
    assertEquals("0", DataIt.psql(newDb, "SELECT count(*) FROM pg_tables WHERE tablename = 'local_only'"));
    assertEquals("Alice Martin", DataIt.psql(newDb, "SELECT display_name FROM agents WHERE display_name = 'Alice Martin'"));
    DataIt.assertNoHelpers(docker, target.name());
  }

  @Test
  void aStreamShorterOrLongerThanAnnouncedFailsTheRestore() throws Exception {
    List<StackStream> streams = backup(List.of());
    RestoreSource exact = DataIt.asSource(streams);
    long dumpLength = exact.streams().stream().filter(s -> s.name().equals("database")).findFirst().orElseThrow()
        .length();
    for (long announced : List.of(dumpLength + 10, dumpLength - 10)) {
      Stack target = stack();
      RestoreSource lying = new RestoreSource() {
        @Override
        public List<StreamInfo> streams() {
          return List.of(new StreamInfo("database", DataFormats.SQL, announced));
        }

        @Override
        public InputStream open(String name) throws java.io.IOException {
          return exact.open(name);
        }
      };
      long start = System.nanoTime();
      RestoreException e = assertThrows(RestoreException.class, () -> new StackRestore(engine, null)
          .restore(target.compose(), descriptor, helperImage, lying, false));
      String expected = announced > dumpLength ? "ended after " + dumpLength + " of its " + announced + " bytes"
          : "longer than its announced " + announced + " bytes";
      assertTrue(e.getMessage().contains(expected), e.getMessage());
      assertTrue(System.nanoTime() - start < 120e9, "a short stream must not leave the restore waiting");
      String db = DataIt.dbContainer(docker, target.name());
      assertTrue(DataIt.processes(docker, db).stream().noneMatch(p -> p.contains("psql") || p.contains("head -c")),
          DataIt.processes(docker, db).toString());
    }
  }

  @Test
  void aRestoreCommandThatFailsEarlyNamesItsErrorStopsAndPrintsNoStackTrace() throws Exception {
    Stack target = stack();
    byte[] head = "SELEC 'not sql';\n".getBytes(StandardCharsets.UTF_8);
    byte[] line = "-- twenty megabytes that psql will never read\n".getBytes(StandardCharsets.UTF_8);
    long length = head.length + (20L << 20);
    RestoreSource broken = new RestoreSource() {
      @Override
      public List<StreamInfo> streams() {
        return List.of(new StreamInfo("database", DataFormats.SQL, length));
      }

      @Override
      public InputStream open(String name) {
        return new InputStream() {
          long at;

          @Override
          public int read() {
            if (at >= length) {
              return -1;
            }
            long i = at++;
            return i < head.length ? head[(int) i] : line[(int) ((i - head.length) % line.length)];
          }
        };
      }
    };
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RestoreException e;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      e = assertThrows(RestoreException.class, () -> new StackRestore(engine, null)
          .restore(target.compose(), descriptor, helperImage, broken, false));
      // docker-java's stdin thread dies once the engine closes the connection of the ended command.
      Thread.sleep(2000);
    } finally {
      System.setErr(stderr);
    }

    assertTrue(e.getMessage().contains("failed with exit code 3 after reading"), e.getMessage());
    assertTrue(e.getMessage().contains("syntax error at or near \"SELEC\""), e.getMessage());
    assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing on the terminal");
    String db = DataIt.dbContainer(docker, target.name());
    assertTrue(DataIt.processes(docker, db).stream().noneMatch(p -> p.contains("psql") || p.contains("head -c")),
        DataIt.processes(docker, db).toString());
  }
}
