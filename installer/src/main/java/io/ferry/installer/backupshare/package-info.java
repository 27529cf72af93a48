/**
 * The backup share of a customer configuration: {@link io.ferry.installer.backupshare.BackupShare#open}
 * turns the configuration's {@code backup.share} and a password from a
 * {@link io.ferry.installer.backupshare.PasswordSource} into an open {@link io.ferry.installer.share.Share}.
 *
 * <p>Dependencies: {@code io.ferry.installer.config} and {@code io.ferry.installer.share}. The password
 * never enters the configuration, so what the configuration is written to (history, logs, --json)
 * cannot hold it.
 */
package io.ferry.installer.backupshare;
