import { strict as assert } from 'node:assert';
import { SortedList } from '../../src/lib/sortedList.js';

interface Item { day: number; id: string }
const order = (a: Item, b: Item) => a.day - b.day || a.id.localeCompare(b.id);

/** A small deterministic generator, so a failure can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('SortedList: a list kept in order as items come and go', () => {
  it('after random adds and removes holds what a sort of the same items holds, and a range is what a filter finds', () => {
    for (let run = 0; run < 50; run += 1) {
      const next = random(run + 1);
      const start = Array.from({ length: Math.floor(next() * 30) }, (_, i) => ({ day: Math.floor(next() * 20), id: `s${i}` }));
      const list = new SortedList(order, start);
      let plain = [...start];
      for (let step = 0; step < 60; step += 1) {
        if (plain.length > 0 && next() < 0.4) {
          const gone = plain[Math.floor(next() * plain.length)]!;
          list.remove({ ...gone });
          plain = plain.filter((x) => x !== gone);
        } else {
          const item = { day: Math.floor(next() * 20), id: `r${run}-${step}` };
          list.add(item);
          plain.push(item);
        }
        const sorted = [...plain].sort(order);
        assert.deepEqual(list.all(), sorted, `run ${run}, step ${step}`);
        assert.equal(list.size, sorted.length);
        assert.deepEqual(list.first(3), sorted.slice(0, 3));
        const [from, to] = [Math.floor(next() * 22) - 1, Math.floor(next() * 22) - 1].sort((a, b) => a - b) as [number, number];
        assert.deepEqual(list.within((x) => (x.day < from ? -1 : x.day > to ? 1 : 0)), sorted.filter((x) => x.day >= from && x.day <= to), `days ${from} to ${to}`);
      }
    }
  });

  it('removing an item it does not hold changes nothing', () => {
    const list = new SortedList(order, [{ day: 1, id: 'a' }, { day: 2, id: 'b' }]);
    list.remove({ day: 1, id: 'z' });
    list.remove({ day: 9, id: 'a' });
    assert.deepEqual(list.all().map((x) => x.id), ['a', 'b']);
  });
});
