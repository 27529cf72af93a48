package io.ferry.installer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.data.DataIt.Stack;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.stack.StackDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stream against the sample's real PostgreSQL, with a few hundred megabytes of rows
 * made in the container: it goes from one stack into another through a JVM whose heap is far
 * smaller than the dump, pg_dump waits for a slow reader, a reader that stops early stops pg_dump
 * without disturbing the server, and a failing dump fails the read with the tool's own words.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseStreamIT {
  /** Rows of about 170 bytes in the dump each: some 300 MB. */
  static final int ROWS = 1_800_000;
  static final int HEAP_MIB = 64;

  @TempDir static Path tmp;
  static DataIt.Stacks stacks;
  static DockerEngine engine;
  static DockerClient docker;
  static StackDescriptor descriptor;
  static Stack big;
  static String bigDb;
  static String bigChecksum;

  @BeforeAll
  static void bigDatabase() throws Exception {
    stacks = new DataIt.Stacks(tmp);
    engine = stacks.engine;
    docker = stacks.docker;
    descriptor = DataIt.sampleDescriptor();
    big = stack();
    bigDb = DataIt.startDb(docker, big);
    long start = System.nanoTime();
    DataIt.psql(bigDb, "CREATE TABLE calls (id bigint PRIMARY KEY, agent text NOT NULL, note text NOT NULL,"
        + " started timestamptz NOT NULL); INSERT INTO calls SELECT g, 'agent-' || (g % 500), repeat(md5(g::text), 4),"
        + " timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' FROM generate_series(1, " + ROWS + ") g");
    bigChecksum = checksum(bigDb);
    System.out.printf("%d rows generated in %.1f s; %s; table %s%n", ROWS, (System.nanoTime() - start) / 1e9,
        bigChecksum, DataIt.psql(bigDb, "SELECT pg_size_pretty(pg_total_relation_size('calls'))"));
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

  static String checksum(String container) throws Exception {
    return DataIt.psql(container, "SELECT count(*) || ' rows, hash sum ' || sum(hashtext(c::text)::bigint) FROM calls c");
  }

  static StackStream dump(StackDescriptor d) throws Exception {
    return new StackBackup(engine).streams(big.name(), d, List.of()).get(0);
  }

  static void assertNoToolLeft(String container) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> left;
    do {
      left = DataIt.processes(docker, container).stream()
          .filter(p -> p.contains("pg_dump") || p.contains("ferry-exec-pid")).toList();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertEquals(List.of(), left, "exec'd processes left in " + container);
  }

  /** PostgreSQL restarts every connection when a child it reaps died of a signal; it must never come to that. */
  static void assertServerNeverRestarted(String container) {
    String log = ProjectContainers.logTail(docker, container, 2000);
    assertFalse(log.contains("terminated by signal") || log.contains("all server processes terminated"), log);
  }

  @Test
  @Order(1)
  void aFewHundredMegabytesGoIntoAFreshStackThroughASmallHeap() throws Exception {
    Stack target = stack();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP_MIB + "m", "-cp", System.getProperty("java.class.path"), DatabaseRoundTrip.class.getName(),
        big.name(), target.name(), target.dir().toString(), DataIt.sample().resolve("stack.yaml").toString());

    RealBundles.Run run = RealBundles.run(cmd, Map.of(), 1800);

    System.out.println("round trip in a JVM of -Xmx" + HEAP_MIB + "m: " + run.out() + run.err());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    Matcher m = Pattern.compile("bytes=(\\d+) ").matcher(run.out());
    assertTrue(m.find(), run.out());
    long bytes = Long.parseLong(m.group(1));
    assertTrue(bytes > 250_000_000L, "the dump is a few hundred MB: " + bytes);
    assertTrue(bytes > 3L * (HEAP_MIB << 20), "the dump must be far larger than the heap: " + bytes);
    String copy = DataIt.dbContainer(docker, target.name());
    assertEquals(bigChecksum, checksum(copy));
    assertEquals(DataIt.psql(bigDb, "SELECT count(*) FROM pg_indexes WHERE tablename = 'calls'"),
        DataIt.psql(copy, "SELECT count(*) FROM pg_indexes WHERE tablename = 'calls'"));
    assertNoToolLeft(copy);
    assertServerNeverRestarted(copy);
  }

  @Test
  @Order(2)
  void pgDumpWaitsForASlowReaderAndStopsWhenTheReaderCloses() throws Exception {
    StackStream dump = dump(descriptor);
    InputStream in = dump.open();
    byte[] first = in.readNBytes(1 << 20);
    assertEquals(1 << 20, first.length);

    // With nobody reading, the buffer fills, the engine stops reading pg_dump's output, and the
    // server waits to send pg_dump the rest of the table.
    String waiting = "";
    for (int i = 0; i < 100 && !waiting.equals("ClientWrite"); i++) {
      Thread.sleep(100);
      waiting = DataIt.psql(bigDb, "SELECT coalesce(max(wait_event), 'none') FROM pg_stat_activity"
          + " WHERE application_name = 'pg_dump' AND state = 'active'");
    }
    assertEquals("ClientWrite", waiting, "the server must wait for pg_dump, which waits for the reader");

    long start = System.nanoTime();
    in.close();
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf("closing the dump after 1 MiB took %.1f s%n", seconds);
    assertTrue(seconds < 20, "stopping pg_dump took " + seconds + " s");
    assertNoToolLeft(bigDb);
    assertEquals("0", DataIt.psql(bigDb, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'"));
    assertServerNeverRestarted(bigDb);
  }

  @Test
  @Order(3)
  void aDumpCommandThatFailsFailsTheReadWithItsExitCodeAndStderr() throws Exception {
    StackDescriptor wrongDb = DataIt.sampleDescriptor("dump:    [pg_dump, -U, acd, --no-owner, acd]",
        "dump:    [pg_dump, -U, acd, --no-owner, nosuchdb]");

    CommandFailedException e;
    try (InputStream in = dump(wrongDb).open()) {
      e = assertThrows(CommandFailedException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
    }

    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().startsWith("'pg_dump -U acd --no-owner nosuchdb' in container " + bigDb
        + " exited with code 1: "), e.getMessage());
    assertTrue(e.getMessage().contains("database \"nosuchdb\" does not exist"), e.getMessage());
    assertFalse(e.getMessage().contains("ferry-exec-pid"), "the wrapper's line is not the tool's: " + e.getMessage());
    assertNoToolLeft(bigDb);
  }

  @Test
  @Order(4)
  void aDumpThatFailsAtItsEndFailsTheLastReadInsteadOfEndingCleanly() throws Exception {
    StackDescriptor failsLate = DataIt.sampleDescriptor("dump:    [pg_dump, -U, acd, --no-owner, acd]",
        "dump:    [sh, -c, 'pg_dump -U acd --no-owner --schema-only acd; echo \"pg_dump: error: disk full\" >&2; exit 2']");
    long[] read = {0};

    CommandFailedException e;
    try (InputStream in = dump(failsLate).open()) {
      e = assertThrows(CommandFailedException.class, () -> {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
          read[0] += n;
        }
      });
    }

    assertTrue(read[0] > 0, "the dump's bytes came first");
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().endsWith("exited with code 2: pg_dump: error: disk full"), e.getMessage());
    assertNoToolLeft(bigDb);
    assertServerNeverRestarted(bigDb);
  }
}
