// Reads of the tables that rarely change, kept in memory until something
// writes to one of them (write-watch.ts says when). Every /kpi answer reads
// the indicator and the caller's role, and most read rebases and benchmarks:
// from here, that costs one cheap check instead of a query each.
import type { Db, Tx } from "./client.js";
import { watchOf } from "./write-watch.js";

interface Entry {
  value: Promise<unknown>;
  local: number;
  external: string;
}

const caches = new WeakMap<object, Map<string, Entry>>();

/**
 * `load()`'s result, from memory while no watched table has been written
 * since it was read. Inside a transaction (or on a client not made by
 * createDb) it always reads afresh.
 */
export async function cachedRead<T>(db: Db | Tx, name: string, load: () => Promise<T>): Promise<T> {
  const watch = watchOf(db);
  const stamp = watch?.external();
  if (!watch || !stamp) return load();
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const external = await stamp;
  const entry = cache.get(name);
  if (entry && entry.local === watch.local && entry.external === external) return entry.value as Promise<T>;
  // Stamped as of before the read: a write during it makes the next use read again.
  const fresh: Entry = { value: load(), local: watch.local, external };
  cache.set(name, fresh);
  fresh.value.catch(() => {
    if (cache.get(name) === fresh) cache.delete(name);
  });
  return fresh.value as Promise<T>;
}
