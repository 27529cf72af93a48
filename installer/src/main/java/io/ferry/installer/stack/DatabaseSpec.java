package io.ferry.installer.stack;

import java.util.List;

/**
 * The stack's database, backed up with its own tool inside its own container (descriptor key
 * {@code data.database}). Commands are argument vectors run with {@code docker exec} in a container
 * of {@code service}: {@code dump} writes the dump to stdout, {@code restore} reads it from stdin,
 * {@code isEmpty} prints 0 when the database holds no data yet (empty list: not known; a restore
 * then counts a database whose service has run before as holding data).
 *
 * @param engine free text naming the engine (e.g. postgresql), "" when not given
 */
public record DatabaseSpec(String service, String engine, List<String> dump, List<String> restore,
    List<String> isEmpty) {
  public DatabaseSpec {
    engine = engine == null ? "" : engine;
    dump = List.copyOf(dump);
    restore = List.copyOf(restore);
    isEmpty = isEmpty == null ? List.of() : List.copyOf(isEmpty);
  }
}
