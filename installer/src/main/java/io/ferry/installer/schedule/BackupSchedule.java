package io.ferry.installer.schedule;

import io.ferry.installer.config.BackupSettings;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.schedule.ScheduleResult.Change;
import io.ferry.installer.schedule.ScheduleResult.Kind;
import io.ferry.installer.share.SmbShareSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Installs, replaces, removes and describes the nightly backup job of a stack: a systemd timer and
 * service ({@code /etc/systemd/system/ferry-backup-<stack>.timer|.service}) where systemd runs (that
 * is, {@code /run/systemd/system} exists), else a cron entry ({@code /etc/cron.d/ferry-backup-<stack>}).
 * The job runs {@code <ferry> backup --config <customer.yaml>} as root, daily at {@code backup.schedule}
 * in the host's local time; it exits non-zero when the backup fails, which systemd and cron show
 * (and the journal or /var/log/ferry/backup-cron.log keep).
 *
 * <p>Idempotent: installing the same job again writes nothing and says "unchanged"; installing on a
 * host whose kind changed removes the other kind's files. Not thread-safe (two installs at once may
 * both write; the files stay whole, since each is replaced by a rename).
 */
public final class BackupSchedule {
  private final Path root;
  private final Systemctl systemctl;
  private final boolean live;

  BackupSchedule(Path root, Systemctl systemctl, boolean live) {
    this.root = Objects.requireNonNull(root, "root");
    this.systemctl = systemctl;
    this.live = live;
  }

  /** This host: files under /, and systemctl talks to the running systemd. */
  public static BackupSchedule onThisHost() {
    return new BackupSchedule(Path.of("/"), Systemctl.SYSTEM, true);
  }

  /**
   * The host whose root folder is {@code root} (tests, a system image being prepared): files go under
   * it, and a timer is enabled with {@code systemctl --root=<root> enable}, which needs no running
   * systemd; nothing is started.
   */
  public static BackupSchedule under(Path root) {
    return new BackupSchedule(root.toAbsolutePath(), Systemctl.SYSTEM, false);
  }

  /** How a job runs on this host: {@link Kind#SYSTEMD} when systemd is running, else {@link Kind#CRON}. */
  public Kind kind() {
    return Files.isDirectory(root.resolve("run/systemd/system")) ? Kind.SYSTEMD : Kind.CRON;
  }

  /**
   * Makes the host's job what the configuration says: installed or replaced at {@code backup.schedule},
   * or removed when it is {@code off}.
   *
   * @param ferry how the job starts Ferry, e.g. {@link FerryLauncher#current()}
   * @throws ConfigException the configuration has no backup section, was not read from a file (the job
   *     reads the file every night), or names an SMB share without password_file (the job cannot be asked)
   */
  public ScheduleResult apply(CustomerConfig config, List<String> ferry) throws ConfigException, ScheduleException {
    BackupSettings backup = config.requireBackup();
    if (config.file() == null) {
      throw new ConfigException(config.sourceName() + ": the nightly backup reads its configuration from a file;"
          + " give it with --config customer.yaml (keep the file where it is: the job reads it every night)");
    }
    if (backup.schedule() == null) {
      return uninstall(config.stack());
    }
    if (backup.share() instanceof SmbShareSettings smb && smb.passwordFile() == null) {
      // The job has no terminal to ask on and no FERRY_SHARE_PASSWORD: it would fail every night.
      throw new ConfigException(config.sourceName() + ": the nightly backup runs without a terminal, so it needs the"
          + " SMB password in a file: set backup.share.password_file (docs/onprem/shares.md, The SMB password), or"
          + " set backup.schedule: off and take backups by hand");
    }
    return install(new BackupJob(config.stack(), backup.schedule(), config.file().toAbsolutePath().normalize(),
        ferry));
  }

  /** Installs the job, or replaces it when it differs; enables and starts the timer where systemd runs. */
  public ScheduleResult install(BackupJob job) throws ScheduleException {
    List<String> notes = new ArrayList<>();
    Path logs = root.resolve("var/log/ferry");
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new ScheduleException("cannot create " + logs + " for the job's log (" + e.getMessage() + "); run ferry"
          + " as root", e);
    }
    return kind() == Kind.SYSTEMD ? installSystemd(job, notes) : installCron(job, notes);
  }

  private ScheduleResult installSystemd(BackupJob job, List<String> notes) throws ScheduleException {
    Path service = unitDir().resolve(SystemdUnits.serviceName(job));
    Path timer = unitDir().resolve(SystemdUnits.timerName(job));
    String serviceText = SystemdUnits.service(job);
    String timerText = SystemdUnits.timer(job);
    String oldService = read(service);
    String oldTimer = read(timer);
    boolean changed = !serviceText.equals(oldService) || !timerText.equals(oldTimer);
    if (changed) {
      // The service first: a timer is never there without the service it starts.
      write(service, serviceText);
      write(timer, timerText);
    }
    Path cron = cronFile(job.name());
    if (Files.exists(cron)) {
      delete(cron);
      notes.add("removed the cron entry " + cron + ": systemd runs the job now");
    }
    String name = SystemdUnits.timerName(job);
    if (live) {
      // Also when nothing changed: a run that stopped after writing the files finishes here.
      systemctl.run("daemon-reload");
      systemctl.run("enable", "--now", name);
      if (changed) {
        systemctl.run("restart", name);
      }
    } else {
      systemctl.run("--root=" + root, "enable", name);
    }
    Change change = oldService == null && oldTimer == null ? Change.INSTALLED : changed ? Change.UPDATED
        : Change.UNCHANGED;
    InstalledSchedule now = new InstalledSchedule(Kind.SYSTEMD, job.time(), List.of(service, timer));
    return new ScheduleResult(Kind.SYSTEMD, change, now.files(), headline(job.stack(), change) + now.describe()
        + "; 'systemctl list-timers " + name + "' shows the next run, 'journalctl -u "
        + SystemdUnits.serviceName(job) + "' its output", notes);
  }

  private ScheduleResult installCron(BackupJob job, List<String> notes) throws ScheduleException {
    Path dir = root.resolve("etc/cron.d");
    if (!Files.isDirectory(dir)) {
      throw new ScheduleException("neither systemd nor cron runs on this host (" + dir + " does not exist); install"
          + " cron (Debian, Ubuntu: apt-get install cron; RHEL: dnf install cronie), start it, and run again");
    }
    if (List.of("usr/sbin/cron", "usr/sbin/crond", "sbin/cron", "sbin/crond").stream()
        .noneMatch(p -> Files.isExecutable(root.resolve(p)))) {
      notes.add("no cron daemon found (/usr/sbin/cron or /usr/sbin/crond): install cron and make sure it runs, or"
          + " the entry is never run");
    }
    Path file = cronFile(job.name());
    String text = CronEntry.file(job);
    String old = read(file);
    if (!text.equals(old)) {
      write(file, text);
    }
    removeUnitsWithoutSystemd(job.name(), notes);
    Change change = old == null ? Change.INSTALLED : text.equals(old) ? Change.UNCHANGED : Change.UPDATED;
    InstalledSchedule now = new InstalledSchedule(Kind.CRON, job.time(), List.of(file));
    return new ScheduleResult(Kind.CRON, change, now.files(), headline(job.stack(), change) + now.describe()
        + "; its output goes to " + CronEntry.LOG, notes);
  }

  /** Removes the stack's job, of either kind; says so when there is none. */
  public ScheduleResult uninstall(String stack) throws ScheduleException {
    String name = BackupJob.name(stack);
    Path service = unitDir().resolve(name + ".service");
    Path timer = unitDir().resolve(name + ".timer");
    Path cron = cronFile(name);
    List<Path> removed = new ArrayList<>();
    boolean systemd = kind() == Kind.SYSTEMD;
    boolean hadUnits = Files.exists(timer) || Files.exists(service);
    if (hadUnits) {
      // Disabled before the files go, so a failure leaves the job as it was, not half removed.
      if (systemd && live) {
        systemctl.run("disable", "--now", name + ".timer");
      } else if (!live && Files.exists(timer)) {
        systemctl.run("--root=" + root, "disable", name + ".timer");
      }
      for (Path p : List.of(timer, service, wantsLink(name))) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          delete(p);
          removed.add(p);
        }
      }
      if (systemd && live) {
        systemctl.run("daemon-reload");
      }
    }
    if (Files.exists(cron)) {
      delete(cron);
      removed.add(cron);
    }
    Kind kind = hadUnits ? Kind.SYSTEMD : removed.isEmpty() ? kind() : Kind.CRON;
    if (removed.isEmpty()) {
      return new ScheduleResult(kind, Change.NOT_INSTALLED, List.of(), "no nightly backup of " + stack + " is"
          + " installed; nothing to remove", List.of());
    }
    return new ScheduleResult(kind, Change.REMOVED, removed, "nightly backup of " + stack + " removed ("
        + String.join(", ", removed.stream().map(Path::toString).toList()) + ")", List.of());
  }

  /** The stack's job as installed on this host, if there is one. */
  public Optional<InstalledSchedule> installed(String stack) throws ScheduleException {
    String name = BackupJob.name(stack);
    Path service = unitDir().resolve(name + ".service");
    Path timer = unitDir().resolve(name + ".timer");
    String timerText = read(timer);
    if (timerText != null || Files.exists(service)) {
      return Optional.of(new InstalledSchedule(Kind.SYSTEMD, timerText == null ? null : SystemdUnits.timeOf(timerText),
          List.of(service, timer)));
    }
    Path cron = cronFile(name);
    String cronText = read(cron);
    return cronText == null ? Optional.empty()
        : Optional.of(new InstalledSchedule(Kind.CRON, CronEntry.timeOf(cronText), List.of(cron)));
  }

  /** Unit files left from a time systemd ran: nothing can disable them now, so they go with their link. */
  private void removeUnitsWithoutSystemd(String name, List<String> notes) throws ScheduleException {
    for (Path p : List.of(wantsLink(name), unitDir().resolve(name + ".timer"), unitDir().resolve(name + ".service"))) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        delete(p);
        notes.add("removed " + p + ": systemd does not run on this host, cron runs the job now");
      }
    }
  }

  private static String headline(String stack, Change change) {
    return "nightly backup of " + stack + " " + switch (change) {
      case INSTALLED -> "installed: ";
      case UPDATED -> "updated: ";
      default -> "unchanged: ";
    };
  }

  private Path unitDir() {
    return root.resolve("etc/systemd/system");
  }

  private Path wantsLink(String name) {
    return unitDir().resolve("timers.target.wants").resolve(name + ".timer");
  }

  private Path cronFile(String name) {
    return root.resolve("etc/cron.d").resolve(name);
  }

  private static String read(Path file) throws ScheduleException {
    try {
      return ScheduleFiles.read(file);
    } catch (IOException e) {
      throw new ScheduleException("cannot read " + file + " (" + e.getMessage() + "); run ferry as root", e);
    }
  }

  private static void write(Path file, String text) throws ScheduleException {
    try {
      ScheduleFiles.write(file, text);
    } catch (IOException e) {
      throw new ScheduleException("cannot write " + file + " (" + e.getMessage() + "); run ferry as root", e);
    }
  }

  private static void delete(Path file) throws ScheduleException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ScheduleException("cannot remove " + file + " (" + e.getMessage() + "); run ferry as root", e);
    }
  }
}
