// Bounded per-instance cache (no module-level state, so two tokenizers never share or leak entries). Like tokenizers' own Cache it
// keeps the first `capacity` entries and then stops inserting: evicting from a JS Map (delete the
// oldest key, re-insert on every hit) leaves deleted slots that make `keys().next()` slower and
// slower on long runs, which cost more than the misses it saves.
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.size < this.capacity) this.map.set(key, value);
  }
}
