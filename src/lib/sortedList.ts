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

  /** The items from the first not before `from` to the last not after `to` (both by `order`), in order: a copy. */
  between(from: T, to: T): T[] {
    return this.items.slice(this.placeOf(from), this.placeAfter(to));
  }

  /** Where `item` goes: after every item before it. */
  private placeOf(item: T): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.order(this.items[mid]!, item) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** After every item not after `item`. */
  private placeAfter(item: T): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.order(this.items[mid]!, item) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
