import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/env.js';

function refused(env: Record<string, string>, message: RegExp): void {
  assert.throws(() => loadConfig(env), (e: Error) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, message, JSON.stringify(env));
    return true;
  });
}

describe('DECIDE_BY_WORKING_DAYS and BANK_HOLIDAYS_FILE (issue #15)', () => {
  it('DECIDE_BY_WORKING_DAYS is 10, 2 and 1 when unset, and any urgency named replaces its default', () => {
    assert.deepEqual(loadConfig({}).DECIDE_BY_WORKING_DAYS, { routine: 10, urgent: 2, emergency: 1 });
    assert.deepEqual(loadConfig({ DECIDE_BY_WORKING_DAYS: ' ' }).DECIDE_BY_WORKING_DAYS, { routine: 10, urgent: 2, emergency: 1 });
    assert.deepEqual(loadConfig({ DECIDE_BY_WORKING_DAYS: 'routine=15, Urgent = 3,emergency=0' }).DECIDE_BY_WORKING_DAYS, { routine: 15, urgent: 3, emergency: 0 });
    assert.deepEqual(loadConfig({ DECIDE_BY_WORKING_DAYS: 'urgent=5' }).DECIDE_BY_WORKING_DAYS, { routine: 10, urgent: 5, emergency: 1 });
  });

  it('DECIDE_BY_WORKING_DAYS refuses anything else, naming the variable and the part', () => {
    for (const value of ['routine', 'routine=ten', 'soon=3', 'routine=-1', 'routine=61', 'routine=1.5', 'routine:10']) {
      refused({ DECIDE_BY_WORKING_DAYS: value }, /DECIDE_BY_WORKING_DAYS: ".+": must be urgencies with whole numbers of working days \(0 to 60\)/);
    }
    refused({ DECIDE_BY_WORKING_DAYS: 'urgent=2,urgent=3' }, /DECIDE_BY_WORKING_DAYS: names urgent twice/);
  });

  describe('BANK_HOLIDAYS_FILE', () => {
    let dir: string;
    before(async () => { dir = await mkdtemp(join(tmpdir(), 'bank-holidays-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    it('is unset for the shipped list, and reads a copy of gov.uk\'s JSON', async () => {
      assert.equal(loadConfig({}).BANK_HOLIDAYS_FILE, undefined);
      const path = join(dir, 'bank-holidays.json');
      await writeFile(path, JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Christmas Day', date: '2031-12-25', notes: '', bunting: true }] }, scotland: { events: [] } }));
      assert.deepEqual(loadConfig({ BANK_HOLIDAYS_FILE: path }).BANK_HOLIDAYS_FILE?.['england-and-wales'].events.map((e) => e.date), ['2031-12-25']);
    });

    it('refuses a missing file, one that is not JSON, and a list of another shape, naming the variable', async () => {
      refused({ BANK_HOLIDAYS_FILE: join(dir, 'none.json') }, /BANK_HOLIDAYS_FILE: no file at .*none\.json/);
      const notJson = join(dir, 'not.json');
      await writeFile(notJson, '<html>');
      refused({ BANK_HOLIDAYS_FILE: notJson }, /BANK_HOLIDAYS_FILE: .*not\.json is not readable JSON/);
      const badDate = join(dir, 'bad.json');
      await writeFile(badDate, JSON.stringify({ 'england-and-wales': { events: [{ title: 'x', date: '2031-02-30' }] } }));
      refused({ BANK_HOLIDAYS_FILE: badDate }, /BANK_HOLIDAYS_FILE: .*bad\.json: england-and-wales\.events\.0\.date must be a real date/);
      const scotland = join(dir, 'scotland.json');
      await writeFile(scotland, JSON.stringify({ scotland: { events: [{ title: 'x', date: '2031-01-02' }] } }));
      refused({ BANK_HOLIDAYS_FILE: scotland }, /BANK_HOLIDAYS_FILE: .*scotland\.json: england-and-wales must hold the "england-and-wales" list/);
    });
  });
});
