package io.ferry.installer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.backup.BackupRepository;
import io.ferry.installer.backup.SnapshotWriter;
import io.ferry.installer.backupshare.BackupShare;
import io.ferry.installer.backupshare.PasswordSource;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareTestBed;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 end to end, through the CLI, with the real engine, PostgreSQL in the sample's db container
 * and the real Samba server: deploy 1.0.0 from the vanilla data, add a row, back up to the share
 * (twice: the second stores almost nothing new), lose the host (containers, volumes and Ferry's
 * folder gone), then deploy 1.0.1 on the empty host with data.source: backup — the stack comes back
 * with the row (disaster recovery and out-of-place update in one). Then damage the share: check
 * names the chunk and the snapshot, and a restore passes over the damaged backup for the newest one
 * that verifies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisasterRecoveryIT {
  static final String PROJECT = "ferry-it-dr";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Properties SMB = ShareTestBed.load("smb");

  @TempDir static Path tmp;
  static Path state;
  static DockerEngine engine;
  static DockerClient docker;
  static RealBundles.Fixture keys;
  static Path b100;
  static Path b101;
  static Path vanillaConfig;
  static Path recoverConfig;
  static Path shareDir;
  static String url;
  static boolean progressing = true;

  @BeforeAll
  static void bundlesAndShare() throws Exception {
    engine = DockerEngine.open();
    docker = engine.client();
    keys = RealBundles.sample();
    ItDocker.purge(docker, PROJECT);
    RealBundles.buildSampleImages("1.0.0", "1.0.1");
    b100 = bundle("1.0.0");
    b101 = bundle("1.0.1");
    state = Files.createDirectories(tmp.resolve("state"));
    String folder = "it-dr-" + UUID.randomUUID().toString().substring(0, 8);
    shareDir = Path.of(SMB.getProperty("smb.dir")).resolve(folder);
    // The folder exists on the share, as on-site IT would have it made; owned by the share's user.
    DeployIt.sh("mkdir " + shareDir + " && chown " + SMB.getProperty("smb.user") + ": " + shareDir, 30);
    int port = DeployIt.freePort();
    url = "https://127.0.0.1:" + port + "/";
    String common = "dns_names: [127.0.0.1]\nnetwork:\n  ports: {https: " + port + "}\n"
        + "backup:\n  share: {type: smb, server: " + SMB.getProperty("smb.server") + ", port: " + SMB.getProperty("smb.port")
        + ", share: " + SMB.getProperty("smb.share") + ", folder: " + folder + ", user: " + SMB.getProperty("smb.user")
        + ", password_file: " + SMB.getProperty("smb.passwordFile") + "}\n";
    vanillaConfig = DeployIt.customerConfig(tmp.resolve("customer.yaml"), "acd-demo", state, common);
    recoverConfig = DeployIt.customerConfig(tmp.resolve("customer-recover.yaml"), "acd-demo", state,
        common + "data: {source: backup}\n");
  }

  static Path bundle(String release) throws Exception {
    Path sample = RealBundles.repo().resolve("samples/acd-demo");
    Path dir = Files.createDirectories(tmp.resolve("stack-" + release));
    DeployIt.copyTree(sample.resolve("config"), dir.resolve("config"));
    DeployIt.copyTree(sample.resolve("vanilla"), dir.resolve("vanilla"));
    Files.copy(sample.resolve("compose.yaml"), dir.resolve("compose.yaml"));
    Files.writeString(dir.resolve("stack.yaml"), DeploySampleIT.replaceOnce(Files.readString(sample.resolve("stack.yaml")),
        "\nproject: acd-demo ", "\nproject: " + PROJECT + " "));
    Path out = tmp.resolve("acd-demo-" + release + ".ferry");
    RealBundles.check(RealBundles.bundler("build", "--stack", dir.toString(), "--release", release, "--sign-key",
        keys.releaseSecret().toString(), "--out", out.toString(), "--compression-level", "1"));
    return out;
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (docker != null) {
      ItDocker.purge(docker, PROJECT);
      engine.close();
    }
    if (shareDir != null) {
      DeployIt.sh("rm -rf " + shareDir, 60);
    }
  }

  @BeforeEach
  void inOrder(TestInfo test) {
    Assumptions.assumeTrue(progressing, "an earlier step failed; see it");
    progressing = false;
  }

  static DeployIt.Outcome ferry(String... args) {
    return DeployIt.ferry(args);
  }

  static String db() {
    return DeployIt.containers(docker, PROJECT).get("db").name();
  }

  static JsonNode result(DeployIt.Outcome o) throws Exception {
    String[] lines = o.out().strip().split("\n");
    JsonNode last = JSON.readTree(lines[lines.length - 1]);
    assertEquals("result", last.get("event").asText(), o.all());
    return last;
  }

  @Test
  @Order(1)
  void aFreshInstallFromTheVanillaDataGetsARow() throws Exception {
    DeployIt.Outcome o = ferry("deploy", b100.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--config", vanillaConfig.toString());
    assertEquals(0, o.code(), o.all());
    assertTrue(o.out().contains("4. data: restore the vanilla data"), o.all());
    DeployIt.psql(db(), "INSERT INTO queues (name, description, greeting_prompt, service_level_seconds)"
        + " VALUES ('ferry-it-dr', 'made before the disaster', 'greeting-main.txt', 20)");
    // A prompt recorded after the install: it lives only in the volume.
    DeployIt.sh("docker exec " + DeployIt.containers(docker, PROJECT).get("worker").name()
        + " sh -c 'echo recorded > /var/lib/acd/prompts/ferry-it-dr.txt'", 30);
    // Some volume of data, as a real contact centre has: about 15 MB of dump.
    DeployIt.psql(db(), "CREATE TABLE ferry_it_calls AS SELECT g AS id, md5(g::text) AS caller,"
        + " now() - g * interval '1 minute' AS started FROM generate_series(1, 250000) g");
    progressing = true;
  }

  @Test
  @Order(2)
  void backupsGoToTheShareAndTheSecondStoresAlmostNothingNew() throws Exception {
    DeployIt.Outcome first = ferry("backup", "--config", vanillaConfig.toString(), "--json");
    assertEquals(0, first.code(), first.all());
    JsonNode one = result(first);
    long size = one.get("size").asLong();
    assertTrue(size > 0 && one.get("newBytes").asLong() > 0, one.toString());
    DeployIt.Outcome second = ferry("backup", "--config", vanillaConfig.toString());
    assertEquals(0, second.code(), second.all());
    assertTrue(second.out().contains("new bytes"), second.all());
    JsonNode two = result(ferry("backups", "--config", vanillaConfig.toString(), "--json"));
    List<JsonNode> snapshots = new ArrayList<>();
    two.get("snapshots").forEach(snapshots::add);
    assertEquals(2, snapshots.size(), two.toString());
    assertEquals("1.0.0", snapshots.get(1).get("release").asText());
    long secondNew = snapshots.get(1).get("newBytes").asLong();
    // The stack runs: its worker may update a callback row between the two backups, and the chunk
    // around that row (about 1 MiB on average, two if the change straddles a cut) is then new. That
    // is the dedup working; storing the data again would be ~size.
    long liveChange = 2L << 20;
    assertTrue(secondNew < size / 20 + liveChange, "the second backup of unchanged data stored " + secondNew
        + " new bytes of " + size);
    Set<String> streams = new java.util.TreeSet<>();
    snapshots.get(1).get("streams").forEach(s -> streams.add(s.get("name").asText()));
    assertTrue(streams.containsAll(Set.of("database", "volume/prompts", "config/customer.yaml")), streams.toString());
    DeployIt.Outcome list = ferry("backups", "--config", vanillaConfig.toString());
    assertEquals(0, list.code(), list.all());
    assertTrue(list.out().contains("2 backups"), list.all());
    DeployIt.Outcome check = ferry("check", "--read-data", "--config", vanillaConfig.toString());
    assertEquals(0, check.code(), check.all());
    assertTrue(check.out().startsWith("ok: 2 snapshots"), check.all());
    progressing = true;
  }

  @Test
  @Order(3)
  void anEmptyHostComesBackFromTheShareOnTheNextRelease() throws Exception {
    ItDocker.purge(docker, PROJECT); // the host is lost: containers, volumes...
    try (Stream<Path> files = Files.walk(state)) { // ...and Ferry's folder
      files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(state)).forEach(p -> p.toFile().delete());
    }
    DeployIt.Outcome plan = ferry("plan", b101.toString(), "--trust", keys.releasePublic().toString(), "--config",
        recoverConfig.toString());
    assertEquals(0, plan.code(), plan.all());
    assertTrue(plan.out().contains("4. data: restore the backup of "), plan.all());
    assertTrue(plan.out().contains("an update from 1.0.0"), plan.all());
    DeployIt.Outcome o = ferry("deploy", b101.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--config", recoverConfig.toString());
    assertEquals(0, o.code(), o.all());
    assertEquals("acd-demo 1.0.1 is running and healthy: " + url, o.lastLine(), o.all());
    String page = DeployIt.httpsGet(url);
    assertTrue(page.contains("<b id=\"release\">1.0.1</b>"), page);
    assertEquals("1", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-dr'"),
        "the row made before the disaster is back");
    assertEquals("250000", DeployIt.psql(db(), "SELECT count(*) FROM ferry_it_calls"));
    // The volumes came back too, with what was added after the install.
    String prompts = DeployIt.sh("docker exec " + running().get("web").name() + " ls /var/lib/acd/prompts", 30).out();
    assertTrue(prompts.contains("greeting-main.txt") && prompts.contains("ferry-it-dr.txt"), prompts);
    progressing = true;
  }

  @Test
  @Order(4)
  void aDamagedBackupIsNamedAndPassedOverForTheNewestThatVerifies() throws Exception {
    DeployIt.psql(db(), "INSERT INTO queues (name, description, greeting_prompt, service_level_seconds)"
        + " VALUES ('ferry-it-dr-late', 'only in the newest backup', 'greeting-main.txt', 20)");
    Set<String> before = chunkFiles();
    DeployIt.Outcome third = ferry("backup", "--config", recoverConfig.toString());
    assertEquals(0, third.code(), third.all());
    List<Path> added = new ArrayList<>();
    for (String c : chunkFiles()) {
      if (!before.contains(c)) {
        added.add(Path.of(c));
      }
    }
    assertFalse(added.isEmpty(), "the new row must make at least one new chunk");
    // The share damages one chunk only the newest backup needs.
    Path damaged = added.get(0);
    try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0xff);
    }
    DeployIt.Outcome check = ferry("check", "--read-data", "--config", recoverConfig.toString());
    assertEquals(ExitCode.BACKUP_DAMAGED, check.code(), check.all());
    String newest = newestSnapshot();
    assertTrue(check.out().contains("CORRUPT chunk " + damaged.getFileName()), check.all());
    assertTrue(check.out().contains(newest), check.all());
    // The host is lost again. The damaged chunk is still there, so the plan takes the newest backup;
    // deploy re-reads it before writing anything, refuses it and names the newest that verifies.
    ItDocker.purge(docker, PROJECT);
    try (Stream<Path> files = Files.walk(state)) {
      files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(state)).forEach(p -> p.toFile().delete());
    }
    DeployIt.Outcome refused = ferry("deploy", b101.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--config", recoverConfig.toString());
    assertEquals(ExitCode.BACKUP_DAMAGED, refused.code(), refused.all());
    assertTrue(refused.err().contains("the backup " + newest + " does not verify"), refused.all());
    assertTrue(refused.err().contains("Nothing was restored. The newest backup that verifies is "), refused.all());
    assertFalse(DeployIt.containers(docker, PROJECT).containsKey("db"), "no database was started or filled");
    // A missing chunk is found without reading: the plan passes over that backup at once.
    Files.delete(damaged);
    DeployIt.Outcome plan = ferry("plan", b101.toString(), "--trust", keys.releasePublic().toString(), "--config",
        recoverConfig.toString());
    assertEquals(0, plan.code(), plan.all());
    assertTrue(plan.out().contains("newer backup(s) do not verify and are passed over (" + newest), plan.all());
    DeployIt.Outcome o = ferry("deploy", b101.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--config", recoverConfig.toString());
    assertEquals(0, o.code(), o.all());
    assertEquals("1", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-dr'"));
    assertEquals("0", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-dr-late'"),
        "the older backup was restored");
    progressing = true;
  }

  @Test
  @Order(5)
  void dataOnTheHostIsReplacedOnlyWhenAskedExplicitly() throws Exception {
    DeployIt.psql(db(), "INSERT INTO queues (name, description, greeting_prompt, service_level_seconds)"
        + " VALUES ('ferry-it-dr-mistake', 'to be discarded', 'greeting-main.txt', 20)");
    DeployIt.Outcome plain = ferry("deploy", b101.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--config", recoverConfig.toString());
    assertEquals(0, plain.code(), plain.all());
    assertTrue(plain.out().contains("nothing to do") || plain.out().contains("4. data: keep the existing data"),
        plain.all());
    assertEquals("1", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-dr-mistake'"));
    DeployIt.Outcome replace = ferry("deploy", b101.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--replace-data", "--config", recoverConfig.toString());
    assertEquals(0, replace.code(), replace.all());
    assertTrue(replace.out().contains("4. data: DISCARD the stack's data on this host (--replace-data) and restore"
        + " the backup of"), replace.all());
    assertEquals("0", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-dr-mistake'"));
    assertEquals("1", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-dr'"));
    progressing = true;
  }

  @Test
  @Order(6)
  void aBackupOfAnotherStackIsRefusedByName() throws Exception {
    String other;
    try (Share share = BackupShare.open(CustomerConfig.read(recoverConfig), PasswordSource.withoutPrompt())) {
      BackupRepository repo = BackupRepository.open(share, "");
      try (SnapshotWriter w = repo.newBackup("billing-suite", "4.2", "elsewhere")) {
        byte[] dump = "CREATE TABLE invoices (id int);\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        w.addStream("database", "sql", new java.io.ByteArrayInputStream(dump), null);
        other = w.commit().name();
      }
    }
    Path config = DeployIt.customerConfig(tmp.resolve("customer-other.yaml"), "acd-demo", state,
        Files.readString(recoverConfig).replaceFirst("(?s)^stack: acd-demo\nstate_dir: [^\n]*\n", "")
            .replace("data: {source: backup}", "data: {source: backup, snapshot: " + other + "}"));
    ItDocker.purge(docker, PROJECT);
    DeployIt.Outcome plan = ferry("plan", b101.toString(), "--trust", keys.releasePublic().toString(), "--config",
        config.toString());
    assertEquals(ExitCode.CONFIG, plan.code(), plan.all());
    assertTrue(plan.err().contains("is of stack billing-suite, not acd-demo"), plan.all());
    progressing = true;
  }

  static Set<String> chunkFiles() throws Exception {
    try (Stream<Path> files = Files.walk(shareDir.resolve("chunks"))) {
      return new java.util.TreeSet<>(files.filter(Files::isRegularFile).map(Path::toString).toList());
    }
  }

  static String newestSnapshot() throws Exception {
    try (Stream<Path> files = Files.list(shareDir.resolve("snapshots"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
  }

  static Map<String, ContainerState> running() {
    return DeployIt.containers(docker, PROJECT);
  }
}
