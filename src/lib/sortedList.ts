/**
 * A list kept in order as items come and go, for answers kept across changes: one item in or out
 * costs a search and a move, not a sort of the whole list. The order must tell any two items apart
 * (break ties on an id), so that an item is found again where it was put.
 */
export class SortedList<T> {
  private readonly items: T[] = [];

  constructor(private readonly order: (a: T, b: T) => number, items: Iterable<T> = []) {
    this.items.push(...items);
    this.items.sort(order);
  }

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.items.splice(this.placeOf(item), 0, item);
  }

  /** Takes out the item equal in order to `item`, if there is one. */
  remove(item: T): void {
    const at = this.placeOf(item);
    if (at < this.items.length && this.order(this.items[at]!, item) === 0) this.items.splice(at, 1);
  }

  /** The first `count` items, in order: a copy. */
  first(count: number): T[] {
    return this.items.slice(0, count);
  }

  /** Every item, in order: a copy. */
  all(): T[] {
    return [...this.items];
  }

  /**
   * The items in a range, in order (a copy): `place` says of an item whether it falls before the
   * range (below 0), in it (0) or after it (above 0), in keeping with the list's order.
   */
  within(place: (item: T) => number): T[] {
    return this.items.slice(this.search((x) => place(x) < 0), this.search((x) => place(x) <= 0));
  }

  /** Where `item` goes: after every item before it. */
  private placeOf(item: T): number {
    return this.search((x) => this.order(x, item) < 0);
  }

  /** The first index whose item is not `before`, for a `before` that holds of a leading run of the items. */
  private search(before: (item: T) => boolean): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.items[mid]!)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
