package io.ferry.installer.preflight;

import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.StackPaths;
import io.ferry.installer.stack.DescriptorException;
import io.ferry.installer.stack.StackDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Preflight targets for the checks' unit tests: a stack "demo" with three sizings, one port and a DNS name. */
final class Targets {
  static final Path CONFIG_FILE = Path.of("/etc/ferry/demo.yaml");
  static final Path STATE = Path.of("/var/lib/ferry");

  private Targets() {}

  static StackDescriptor descriptor() {
    return parse("""
        name: demo
        project: demo
        sizing:
          default: small
          profiles:
            small:  {description: "up to 25 agents",  cpus: 2, memory_mb: 2048}
            medium: {description: "up to 150 agents", cpus: 4, memory_mb: 8192}
            large:  {description: "up to 500 agents", cpus: 8, memory_mb: 16384}
        dns_name_variable: DEMO_DNS
        bind_address_variable: DEMO_BIND
        ports:
          https: {variable: DEMO_HTTPS_PORT, default: 8443, service: web}
          admin: {variable: DEMO_ADMIN_PORT, default: 9000, service: admin}
        """);
  }

  static StackDescriptor parse(String yaml) {
    try {
      return StackDescriptor.parse(yaml.getBytes(StandardCharsets.UTF_8), "stack.yaml");
    } catch (DescriptorException e) {
      throw new AssertionError(e);
    }
  }

  static CustomerConfig config(String sizing, List<String> dnsNames, String bindAddress) {
    return new CustomerConfig(CONFIG_FILE, "demo", null, sizing, List.of(), dnsNames, bindAddress, Map.of(), Map.of(),
        null, null, null, null, null, STATE);
  }

  static Builder target() {
    return new Builder();
  }

  static final class Builder {
    StackDescriptor descriptor = Targets.descriptor();
    CustomerConfig config = Targets.config("small", List.of("demo.customer.example"), "127.0.0.1");
    Map<String, String> env = new LinkedHashMap<>(Map.of("DEMO_DNS", "demo.customer.example", "DEMO_BIND",
        "127.0.0.1", "DEMO_HTTPS_PORT", "8443", "DEMO_ADMIN_PORT", "9000"));
    long load = 0;
    boolean exact = true;
    long data = 0;
    long files = 10_000;
    Map<String, String> actions = new LinkedHashMap<>(Map.of("web", "replace", "admin", "keep"));

    Builder descriptor(StackDescriptor d) {
      descriptor = d;
      return this;
    }

    Builder config(CustomerConfig c) {
      config = c;
      return this;
    }

    Builder env(String key, String value) {
      if (value == null) {
        env.remove(key);
      } else {
        env.put(key, value);
      }
      return this;
    }

    Builder load(long bytes, boolean isExact) {
      load = bytes;
      exact = isExact;
      return this;
    }

    Builder data(long bytes) {
      data = bytes;
      return this;
    }

    Builder files(long bytes) {
      files = bytes;
      return this;
    }

    Builder action(String service, String action) {
      actions.put(service, action);
      return this;
    }

    PreflightTarget build() {
      return new PreflightTarget(descriptor.name(), "1.0.1", descriptor.project(), descriptor, config, env,
          StackPaths.of(STATE, descriptor.name()), load, exact, data, files, actions);
    }

    PreflightContext on(HostProbe host) {
      return new PreflightContext(build(), host);
    }
  }
}
