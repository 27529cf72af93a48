package io.ferry.tui.config;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.ConfigValues;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.stack.PortSpec;
import io.ferry.installer.stack.SizingProfile;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.installer.tls.TlsFiles;
import io.ferry.installer.tls.TlsProblem;
import io.ferry.installer.tls.TlsReport;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.TextField;
import io.ferry.tui.wizard.BundleFacts;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.WizardAnswers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Screen 3: the customer configuration (the answer file), loaded from a file or filled in: sizing,
 * optional services, DNS names, TLS files, bind address, ports, Ferry's folder. Each field is checked
 * as {@code ferry deploy} checks it ({@link CustomerConfig#validateAgainst}), with the message under
 * the field. Nothing is written here: the answer file is saved on Confirm.
 */
public final class ConfigPage implements Page {
  private final Navigator nav;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private BundleFacts builtFor;
  /** The answer file the fields were filled from (in a recovery: the configuration the backup kept). */
  private CustomerConfig filledFrom;
  private TextField load;
  private Choice sizing;
  private Choice profiles;
  private TextField dns;
  private TextField certificate;
  private TextField key;
  private TextField bind;
  private final Map<String, TextField> ports = new LinkedHashMap<>();
  private TextField stateDir;
  private final List<String> otherProblems = new ArrayList<>();

  public ConfigPage(Navigator nav, WizardAnswers answers) {
    this.nav = nav;
    this.answers = answers;
  }

  @Override
  public void enter() {
    if (builtFor != answers.bundle || filledFrom != answers.loaded) {
      builtFor = answers.bundle;
      filledFrom = answers.loaded;
      build();
      CustomerConfig start = answers.config != null ? answers.config : answers.loaded;
      if (start != null && start.stack().equals(builtFor.stack())) {
        fill(start);
      }
    }
  }

  private void build() {
    StackDescriptor d = builtFor.descriptor();
    form.clear();
    ports.clear();
    otherProblems.clear();
    load = form.add(new TextField("Load answer file", "",
        "optional: an existing customer.yaml to start from; Enter loads it").onEnter(this::load));
    List<Choice.Option> sizes = new ArrayList<>();
    for (SizingProfile p : d.sizing().profiles().values()) {
      sizes.add(new Choice.Option(p.name(), describe(p)));
    }
    sizing = form.add(Choice.one("Sizing", sizes, d.sizing().defaultProfile()));
    if (builtFor.profiles().isEmpty()) {
      form.add(Label.text(io.ferry.tui.ui.Text.pad("Optional services:", TextField.LABEL_WIDTH + 1)
          + "none in this release"));
    } else {
      profiles = form.add(Choice.many("Optional services",
          builtFor.profiles().stream().map(p -> new Choice.Option(p, "")).toList(), List.of()));
    }
    if (d.dnsNameVariable() != null) {
      dns = form.add(new TextField("DNS name(s)", "",
          "names users type to reach the stack, separated by commas; the first is shown in the URL"));
    }
    if (d.tls() != null) {
      certificate = form.add(new TextField("TLS certificate", "",
          "PEM file with the intermediates after it; empty: the stack's own certificate"));
      key = form.add(new TextField("TLS key", "", "the certificate's private key (PEM); give both or neither"));
    }
    if (d.bindAddressVariable() != null) {
      bind = form.add(new TextField("Bind address", "",
          "IP address the ports listen on, 0.0.0.0 for all; empty: the stack's default"));
    }
    for (PortSpec p : d.ports().values()) {
      ports.put(p.name(), form.add(new TextField("Port " + p.name(), String.valueOf(p.defaultPort()),
          "1-65535" + (p.service() == null ? "" : "; published by service " + p.service()))));
    }
    stateDir = form.add(new TextField("Ferry's folder", CustomerConfig.DEFAULT_STATE_DIR,
        "where Ferry keeps the stack's files on this host (state_dir); a local disk"));
    form.add(new ButtonBar(new Button("Next", this::next), new Button("Back", nav::back)));
    form.add(Label.live(w -> {
      List<Line> lines = new ArrayList<>();
      otherProblems.forEach(p -> lines.addAll(Line.wrap(p, w, "", Style.ACCENT)));
      return lines;
    }));
  }

  private static String describe(SizingProfile p) {
    List<String> needs = new ArrayList<>();
    if (p.cpus() > 0) {
      needs.add(p.cpus() + " CPUs");
    }
    if (p.memoryMb() > 0) {
      needs.add(p.memoryMb() >= 1024 ? p.memoryMb() / 1024 + " GiB" : p.memoryMb() + " MiB");
    }
    return p.description() + (needs.isEmpty() ? "" : " (" + String.join(", ", needs) + ")");
  }

  private void load() {
    if (load.value().isEmpty()) {
      return;
    }
    try {
      CustomerConfig c = CustomerConfig.read(answers.folder.resolve(load.value()));
      if (!c.stack().equals(builtFor.stack())) {
        load.problem("this file is for stack '" + c.stack() + "', the bundle is '" + builtFor.stack() + "'");
        return;
      }
      answers.loaded = c;
      filledFrom = c;
      fill(c);
      load.problem(null);
    } catch (ConfigException e) {
      load.problem(e.getMessage());
    }
  }

  private void fill(CustomerConfig c) {
    if (c.sizing() != null) {
      sizing.select(List.of(c.sizing()));
    }
    if (profiles != null) {
      profiles.select(c.profiles());
    }
    if (dns != null) {
      dns.value(String.join(", ", c.dnsNames()));
    }
    if (certificate != null) {
      certificate.value(c.tlsCertificate() == null ? "" : c.tlsCertificate().toString());
      key.value(c.tlsKey() == null ? "" : c.tlsKey().toString());
    }
    if (bind != null) {
      bind.value(c.bindAddress() == null ? "" : c.bindAddress());
    }
    c.ports().forEach((name, port) -> {
      if (ports.containsKey(name)) {
        ports.get(name).value(String.valueOf(port));
      }
    });
    stateDir.value(c.stateDirOrDefault().toString());
  }

  /** Builds the configuration from the fields; null when a field is wrong (its message is set). */
  CustomerConfig gather() {
    boolean ok = true;
    otherProblems.clear();
    List<String> dnsNames = new ArrayList<>();
    if (dns != null && !dns.value().isEmpty()) {
      for (String n : Arrays.stream(dns.value().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
        Optional<String> p = ConfigValues.dnsName(n);
        if (p.isPresent()) {
          dns.problem(p.get());
          ok = false;
        }
        dnsNames.add(n);
      }
    }
    String bindAddress = bind == null || bind.value().isEmpty() ? null : bind.value();
    if (bindAddress != null && ConfigValues.bindAddress(bindAddress).isPresent()) {
      bind.problem(ConfigValues.bindAddress(bindAddress).get());
      ok = false;
    }
    Map<String, Integer> chosenPorts = new LinkedHashMap<>();
    for (Map.Entry<String, TextField> e : ports.entrySet()) {
      int number;
      try {
        number = Integer.parseInt(e.getValue().value());
      } catch (NumberFormatException x) {
        e.getValue().problem("must be a whole number from 1 to 65535");
        ok = false;
        continue;
      }
      if (ConfigValues.port(number).isPresent()) {
        e.getValue().problem(ConfigValues.port(number).get());
        ok = false;
      } else if (number != builtFor.descriptor().ports().get(e.getKey()).defaultPort()
          || answers.loaded != null && answers.loaded.ports().containsKey(e.getKey())) {
        chosenPorts.put(e.getKey(), number);
      }
    }
    Path cert = certificate == null || certificate.value().isEmpty() ? null : absolute(certificate.value());
    Path tlsKey = key == null || key.value().isEmpty() ? null : absolute(key.value());
    if (stateDir.value().isEmpty() || !Path.of(stateDir.value()).isAbsolute()) {
      stateDir.problem("write an absolute path, e.g. " + CustomerConfig.DEFAULT_STATE_DIR);
      ok = false;
    }
    if (!ok) {
      return null;
    }
    CustomerConfig loaded = answers.loaded;
    Path state = Path.of(stateDir.value());
    CustomerConfig c = new CustomerConfig(null, builtFor.stack(), loaded == null ? null : loaded.release(),
        sizing.selectedOne(), profiles == null ? List.of() : profiles.selected(), dnsNames, bindAddress, chosenPorts,
        loaded == null ? Map.of() : loaded.environment(), cert, tlsKey,
        // Settings this page does not show are kept as loaded, so saving from the wizard loses none of them.
        loaded == null ? null : loaded.backup(),
        loaded == null ? CustomerConfig.DEFAULT_DATA_SOURCE : loaded.dataSource(),
        loaded == null ? null : loaded.dataSnapshot(),
        state.equals(Path.of(CustomerConfig.DEFAULT_STATE_DIR)) && (loaded == null || loaded.stateDir() == null)
            ? null : state);
    try {
      c.requireRelease(builtFor.release());
      CustomerConfig valid = c.validateAgainst(builtFor.descriptor());
      return tlsUsable(valid) ? valid : null;
    } catch (ConfigException e) {
      String prefix = c.sourceName() + ": ";
      for (String problem : e.problems()) {
        route(problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem);
      }
      return null;
    }
  }

  /**
   * The certificate and key checked as the preflight checks them (key matches, valid now, for the
   * names above), so a bad pair is fixed here and not after the Confirm screen. Warnings (expires
   * soon) do not stop the page: the host check shows them.
   */
  private boolean tlsUsable(CustomerConfig c) {
    if (c.tlsCertificate() == null || c.tlsKey() == null || certificate == null || key == null) {
      return true;
    }
    List<String> names = c.dnsNames();
    TlsReport report = TlsFiles.check(c.tlsCertificate(), c.tlsKey(), names, Instant.now());
    for (TlsProblem p : report.problems()) {
      if (p.blocking()) {
        (p.file().equals("key") ? key : certificate).problem(p.finding() + ": " + p.fix());
      }
    }
    return report.usable();
  }

  /** Puts a problem of {@code validateAgainst} next to the field its key names. */
  private void route(String problem) {
    TextField field = null;
    if (problem.startsWith("tls.key") && key != null) {
      field = key;
    } else if (problem.startsWith("tls") && certificate != null) {
      field = certificate;
    } else if (problem.startsWith("dns_names") && dns != null) {
      field = dns;
    } else if (problem.startsWith("network.bind_address") && bind != null) {
      field = bind;
    } else if (problem.startsWith("state_dir")) {
      field = stateDir;
    } else if (problem.startsWith("network.ports.")) {
      String name = problem.substring("network.ports.".length()).split("[ :]")[0];
      field = ports.get(name);
    } else if (problem.startsWith("sizing")) {
      sizing.problem(problem);
      return;
    } else if (problem.startsWith("profiles") && profiles != null) {
      profiles.problem(problem);
      return;
    }
    if (field != null) {
      field.problem(problem);
    } else {
      otherProblems.add(problem);
    }
  }

  private Path absolute(String path) {
    return answers.folder.resolve(path).normalize();
  }

  private void next() {
    CustomerConfig c = gather();
    if (c != null) {
      // The data source screen's choice stays, whichever answer file the fields came from.
      answers.config = answers.withData(c);
      nav.next();
    }
  }

  @Override
  public String title() {
    return "Configuration";
  }

  @Override
  public String explanation() {
    return "Your settings: load an answer file or fill in. Nothing is written yet.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab/arrows move", "Space select", "F10 next", "Esc back", "Ctrl-C quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    return Keys.pageKey(k, this::next, nav::back, null);
  }
}
