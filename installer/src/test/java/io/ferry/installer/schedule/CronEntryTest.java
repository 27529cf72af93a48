package io.ferry.installer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CronEntryTest {
  /** A cron.d job line: minute hour day-of-month month day-of-week user command (crontab(5)). */
  static final Pattern LINE = Pattern.compile("([0-9]+) ([0-9]+) (\\*) (\\*) (\\*) ([a-z_][a-z0-9_-]*) (\\S.*)");

  @TempDir Path dir;

  @Test
  void theFile() {
    assertEquals("""
        # Written by Ferry: the nightly backup of acd-demo, daily at 02:00 (this host's local time).
        # 'ferry backup --install-schedule' rewrites this file: change backup.schedule in
        # /etc/ferry/customer.yaml instead of editing it.
        SHELL=/bin/sh
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        FERRY_LOG=/var/log/ferry/ferry.log
        0 2 * * * root /usr/bin/java -jar /opt/ferry/ferry.jar backup --config /etc/ferry/customer.yaml \
        >>/var/log/ferry/backup-cron.log 2>&1
        """, CronEntry.file(Jobs.plain()));
    assertEquals(LocalTime.of(2, 0), CronEntry.timeOf(CronEntry.file(Jobs.plain())));
  }

  /** The one job line, checked field by field against crontab(5); the file ends with a line break. */
  @Test
  void theJobLineIsValidCronSyntax() {
    for (LocalTime t : List.of(LocalTime.MIDNIGHT, LocalTime.of(2, 0), LocalTime.of(23, 59), LocalTime.of(7, 5))) {
      BackupJob job = new BackupJob("acd-demo", t, Path.of("/etc/ferry/c.yaml"), List.of("/usr/bin/java"));
      String file = CronEntry.file(job);
      assertTrue(file.endsWith("\n"), "cron ignores a last line without a line break");
      List<String> jobs = file.lines().filter(l -> !l.startsWith("#") && !l.matches("[A-Z_]+=.*")).toList();
      assertEquals(1, jobs.size(), file);
      Matcher m = LINE.matcher(jobs.get(0));
      assertTrue(m.matches(), jobs.get(0));
      assertEquals(t.getMinute(), Integer.parseInt(m.group(1)));
      assertEquals(t.getHour(), Integer.parseInt(m.group(2)));
      assertEquals("root", m.group(6));
      assertTrue(m.group(7).startsWith("/usr/bin/java "), m.group(7));
      assertEquals(t, CronEntry.timeOf(file));
    }
    assertEquals("ferry-backup-acd_demo", Jobs.awkward("/usr/bin/java").name(), "cron skips names with a dot");
  }

  /**
   * The command as cron hands it to /bin/sh (cron turns "\%" into "%" and ends the command at any other
   * '%') reaches the program as exactly the job's arguments.
   */
  @Test
  void awkwardPathsReachTheProgramUnchanged() throws Exception {
    Path out = dir.resolve("args");
    Path program = Files.writeString(dir.resolve("print args %.sh"),
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out + "'\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    BackupJob job = Jobs.awkward(program.toString());
    Matcher m = LINE.matcher(CronEntry.file(job).lines().filter(l -> l.startsWith("5 23 ")).findFirst().orElseThrow());
    assertTrue(m.matches());
    String command = asCronPassesIt(m.group(7)).replace(" >>" + CronEntry.LOG + " 2>&1", "");
    Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), said);
    assertEquals(job.arguments().subList(1, job.arguments().size()), Files.readAllLines(out));
  }

  /** cron's own treatment of '%' in a command (do_command.c): "\%" is '%', a bare '%' ends the command. */
  static String asCronPassesIt(String command) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == '%') {
        b.append('%');
        i++;
      } else if (c == '%') {
        break;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
