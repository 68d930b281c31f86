import type { FieldLabels } from './format.js';

const DECISION: Record<string, string> = {
  requestId: 'Request', outcome: 'Decision', option: 'Option', comment: 'Comment', reviewDate: 'Review date', effectiveFrom: 'Effective from',
};

const CONDITION: Record<string, string> = { text: '', owner: ' owner', due: ' due date' };

/** The decision inputs' labels on the request card, conditions numbered from 1 as on the card ("Condition 2 due date"). */
export const decisionLabels: FieldLabels = (field) => {
  if (field === 'conditions') return 'Conditions';
  const condition = /^conditions\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (condition) return `Condition ${Number(condition[1]) + 1}${CONDITION[condition[2] ?? 'text'] ?? ''}`;
  return DECISION[field];
};

const REQUEST: Record<string, string> = {
  childRef: 'Case reference', ageYears: 'Age (years)', dateOfBirth: 'Date of birth', kind: 'Kind of request',
  changeReason: 'Reason for change', reason: 'Why the panel is asked', requestedBy: 'Requested by',
  'needs.summary': 'Summary of needs', 'needs.scores': 'Need scores',
  'proposed.type': 'Proposed placement type', 'proposed.provider': 'Proposed provider', 'proposed.weeklyCost': 'Proposed weekly cost',
  'proposed.startDate': 'Start date', 'proposed.plannedEndDate': 'Planned end', 'proposed.funding': 'Funding shares',
  decideBy: 'Panel to decide by', urgency: 'Urgency', alreadyPlaced: 'Emergency placement already made',
  current: 'Current placement', 'current.type': 'Current placement type', 'current.provider': 'Current provider', 'current.weeklyCost': 'Current weekly cost',
};

const ALTERNATIVE: Record<string, string> = { label: 'description', type: 'type', weeklyCost: 'weekly cost', provider: 'provider', id: 'reference' };

/** The new request form's labels, alternatives numbered from 1 as on the form. */
export const requestFormLabels: FieldLabels = (field) => {
  if (REQUEST[field] !== undefined) return REQUEST[field];
  const funding = /^(proposed|current)\.funding\.(socialCare|health|education)$/.exec(field);
  if (funding) return `${funding[1] === 'proposed' ? 'Proposed' : 'Current'} ${{ socialCare: 'social care', health: 'health', education: 'education' }[funding[2] as 'health']} %`;
  const alternative = /^alternatives\.(\d+)\.(\w+)$/.exec(field);
  if (alternative) return `Alternative ${Number(alternative[1]) + 1} ${ALTERNATIVE[alternative[2]!] ?? alternative[2]}`;
  const score = /^needs\.scores\.(\w+)$/.exec(field);
  return score ? `Need score (${score[1]!.replace(/_/g, ' ')})` : undefined;
};
