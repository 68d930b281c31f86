import type { DecisionRecord } from '../../src/domain/decision.js';
import type { StoredEventRecord } from '../../src/domain/event.js';
import type { StoredRequest } from '../../src/domain/request.js';
import { OPEN_PANEL, type Governance } from '../../src/domain/governance.js';
import { loadDefaultNeedBands } from '../../src/config/needBands.js';
import { PanelFacts, type PanelSettings } from '../../src/panel/facts.js';

/** The panel's facts over records held in memory: what the views read, with no store and no server. */
export function factsOf(
  records: { requests: StoredRequest[]; decisions?: DecisionRecord[]; events?: StoredEventRecord[] },
  settings: Partial<PanelSettings> = {},
  governance: Governance = OPEN_PANEL,
): PanelFacts {
  const { requests, decisions = [], events = [] } = records;
  const source = {
    listRequests: () => requests,
    getRequest: (id: string) => requests.find((r) => r.id === id),
    decisionsFor: (id: string) => decisions.filter((d) => d.requestId === id),
    eventsFor: (id: string) => events.filter((e) => e.requestId === id),
  };
  return new PanelFacts(1, source, governance, { needBands: loadDefaultNeedBands(), weeksPerYear: 52, ...settings });
}
