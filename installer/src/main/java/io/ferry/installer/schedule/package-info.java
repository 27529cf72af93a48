/**
 * The nightly backup job: {@link io.ferry.installer.schedule.BackupSchedule} installs, replaces,
 * removes and describes it as a systemd timer where systemd runs, else as a cron entry, from a
 * {@link io.ferry.installer.schedule.BackupJob} or straight from a customer configuration
 * ({@code backup.schedule}). {@link io.ferry.installer.schedule.FerryLauncher} says how the job starts
 * the installed Ferry.
 *
 * <p>Dependencies: {@code io.ferry.installer.config}, the settings types of {@code io.ferry.installer.share}
 * and the JDK; systemctl as a process where systemd
 * runs. The root folder is a parameter ({@link io.ferry.installer.schedule.BackupSchedule#under}), so
 * tests install into a temporary folder.
 */
package io.ferry.installer.schedule;
