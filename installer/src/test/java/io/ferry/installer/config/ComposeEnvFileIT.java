package io.ferry.installer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The env file Ferry writes, read back by the real docker-compose v1 and docker compose v2 (whichever
 * this host has; a missing one is skipped): every value must come back exactly as rendered.
 * {@code config} only parses and interpolates, so no Docker engine is needed.
 */
class ComposeEnvFileIT {
  static final Map<String, String> VALUES = new LinkedHashMap<>();

  static {
    VALUES.put("PLAIN", "acd.customer.example:443/x@y,z=1+2%~^");
    VALUES.put("EMPTY", "");
    VALUES.put("SPACES", "  two  words ");
    VALUES.put("DOLLAR", "pa$word $1 $HOME $");
    VALUES.put("HASH", "a #not-a-comment");
    VALUES.put("HASH_ONLY", "#");
    VALUES.put("DQUOTE", "say \"hi\" now");
    VALUES.put("SQUOTE", "it's");
    VALUES.put("BACKSLASH", "C:\\new\\table \\\\ \\n");
    VALUES.put("BOTH", "it's \"x\" \\ ok");
    VALUES.put("TAB", "a\tb");
    VALUES.put("UNICODE", "Grüße € 東京");
    VALUES.put("PASSWORD", "Tr0ub4dor&3!*?[]{}()<>|;");
  }

  @TempDir Path dir;

  @Test
  void dockerComposeV1ReadsWhatWeWrote() throws Exception {
    check(List.of("docker-compose"));
  }

  @Test
  void dockerComposeV2ReadsWhatWeWrote() throws Exception {
    check(List.of("docker", "compose"));
  }

  private void check(List<String> compose) throws Exception {
    assumeTrue(works(compose, "version"), String.join(" ", compose) + " is not installed here");
    StringBuilder yaml = new StringBuilder("services:\n  probe:\n    image: busybox\n    environment:\n");
    VALUES.keySet().forEach(k -> yaml.append("      ").append(k).append(": \"${").append(k).append("}\"\n"));
    Files.writeString(dir.resolve("compose.yaml"), yaml);
    Files.writeString(dir.resolve("ferry.env"), ComposeEnvironment.toEnvFile(VALUES));

    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("--env-file", "ferry.env", "-f", "compose.yaml", "config"));
    String out = run(command);
    Map<?, ?> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(out);
    Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) doc.get("services")).get("probe")).get("environment");
    for (Map.Entry<String, String> e : VALUES.entrySet()) {
      // 'config' prints a compose file, where a literal '$' is written '$$'.
      String seen = String.valueOf(env.get(e.getKey())).replace("$$", "$");
      assertEquals(e.getValue(), seen, e.getKey() + " via " + compose);
    }
  }

  private boolean works(List<String> compose, String arg) {
    List<String> command = new ArrayList<>(compose);
    command.add(arg);
    try {
      run(command);
      return true;
    } catch (IOException | InterruptedException | AssertionError e) {
      return false;
    }
  }

  private String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    // Both compose versions let the process environment win over the env file: start clean.
    String path = System.getenv("PATH");
    pb.environment().clear();
    pb.environment().put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " timed out");
    }
    String text = out.toString(StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + text);
    }
    return text;
  }
}
