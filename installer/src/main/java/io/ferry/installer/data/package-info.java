/**
 * The stack's data as streams, both ways: what a backup reads from a running stack, and how a
 * restore writes it back into an empty one. The backup repository stores and returns these streams
 * without looking inside; the vanilla data of a bundle is restored through the same code.
 *
 * <h2>Backup</h2>
 * {@link io.ferry.installer.data.StackBackup#streams} lists, for a running compose project and its
 * stack descriptor, the {@link io.ferry.installer.data.StackStream}s to read one after another:
 *
 * <table>
 *   <caption>Streams and formats</caption>
 *   <tr><th>name</th><th>format</th><th>content</th></tr>
 *   <tr><td>{@code database}</td><td>{@code sql}</td><td>what the descriptor's {@code data.database.dump}
 *       writes to stdout inside the running database container (plain SQL for the sample's pg_dump)</td></tr>
 *   <tr><td>{@code volume/<key>}</td><td>{@code tar}</td><td>the compose volume {@code <project>_<key>}
 *       as a tar with one top folder {@code ferry-volume/}, the volume's root; owners, modes, links and
 *       empty folders included (see {@link io.ferry.installer.data.Volumes})</td></tr>
 *   <tr><td>{@code config/<file>}</td><td>{@code yaml}, {@code env}, {@code json}</td><td>the files the
 *       stack was rendered from: customer.yaml, .env, deployment.json</td></tr>
 * </table>
 *
 * Nothing runs until a stream is opened. Each is produced while it is read and never held whole in
 * memory or in a file: the dump tool waits when a 4 MiB buffer is full. A failing tool fails a read
 * with {@link io.ferry.installer.data.CommandFailedException}; closing a stream early stops the
 * tool or removes the helper container.
 *
 * <h2>Restore</h2>
 * {@link io.ferry.installer.data.StackRestore#restore} takes a {@link
 * io.ferry.installer.data.RestoreSource} (each stream with its exact length) and writes the volumes,
 * then the database through the descriptor's {@code data.database.restore}, into an empty stack. It
 * refuses data in the way ({@link io.ferry.installer.data.NotEmptyException}) unless told to
 * overwrite. Format {@code folder-tar} is a bundle's vanilla volume (entries relative to the root).
 *
 * <p>Depends on docker, compose, health, stack and the progress types; never on deploy, which uses
 * it.
 */
package io.ferry.installer.data;
