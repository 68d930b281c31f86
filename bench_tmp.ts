import { savingsToDate } from './src/calculators/savingsToDate.js';
import { aRequest, aChangeRequest, aDecision, costChange, ended } from './test/calculators/fixtures.js';
import { addDays } from './src/calculators/dates.js';
const cases = [];
for (let i = 0; i < 100000; i++) {
  const id = `PR-2026-${String(i).padStart(5,'0')}`;
  const eff = addDays('2023-04-01', i % 900);
  const req = i % 2 ? aRequest({ id }) : aChangeRequest({ id });
  cases.push({ request: req, decision: aDecision(id, i % 2 ? 'ifa' : 'proposed', eff), events: i % 3 ? [costChange(id, addDays(eff, 100), '3200.00')] : [ended(id, addDays(eff, 200))] });
}
const t = Date.now();
const r = savingsToDate(cases, '2026-06-01');
console.log(Date.now() - t, 'ms', r.total.toString(), Object.keys(r.byMonth).length);
