package io.ferry.installer.backupshare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of {@link ShareProbe} in its own JVM, with FERRY_LOG in {@code dir}: what it printed and logged. */
record ProbeRun(int exitCode, String stdout, String stderr, String log) {
  static ProbeRun run(Path dir, Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve("ferry.log");
    Files.deleteIfExists(log);
    Path out = dir.resolve("probe.out");
    Path err = dir.resolve("probe.err");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ShareProbe.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().remove(PasswordSource.ENVIRONMENT_VARIABLE);
    pb.environment().put("FERRY_LOG", log.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe did not finish within 60 s");
    }
    return new ProbeRun(p.exitValue(), Files.readString(out), Files.readString(err),
        Files.exists(log) ? Files.readString(log) : "");
  }
}
