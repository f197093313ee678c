/**
 * A map from a key to one or more values, in insertion order. Nearly every key has one value, so
 * that one is kept without an array: indexes over a million deployments would otherwise hold a
 * million one-element arrays.
 */
export class MultiMap<K, V> {
  private readonly first = new Map<K, V>();
  private readonly more = new Map<K, V[]>();

  add(key: K, value: V): void {
    if (!this.first.has(key)) {
      this.first.set(key, value);
      return;
    }
    const more = this.more.get(key);
    if (more) more.push(value);
    else this.more.set(key, [value]);
  }

  /** The first value added under the key. */
  firstOf(key: K): V | undefined {
    return this.first.get(key);
  }

  /** Every value of the key, in insertion order (empty when none). */
  get(key: K): V[] {
    const first = this.first.get(key);
    if (first === undefined) return [];
    const more = this.more.get(key);
    return more ? [first, ...more] : [first];
  }
}
