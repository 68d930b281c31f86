/** Placement types (docs/domain.md, "Placement types"). */
export const PLACEMENT_TYPES = [
  'residential', 'solo_residential', 'ifa', 'in_house_fostering', 'kinship', 'supported_accommodation',
  'parent_and_child', 'secure', 'return_home', 'sgo', 'other',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

export const PLACEMENT_TYPE_LABELS: Record<PlacementType, string> = {
  residential: 'Residential children\'s home',
  solo_residential: 'Solo / bespoke residential',
  ifa: 'Independent fostering agency (IFA)',
  in_house_fostering: 'In-house fostering',
  kinship: 'Kinship / connected person',
  supported_accommodation: 'Supported accommodation (16+)',
  parent_and_child: 'Parent and child',
  secure: 'Secure children\'s home',
  return_home: 'Return home',
  sgo: 'Special guardianship order',
  other: 'Other',
};

export const REQUEST_KINDS = ['new', 'change'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Need domains scored 0 (none) to 4 (very high). */
export const NEED_DOMAINS = [
  'emotional_wellbeing', 'behaviour', 'physical_health', 'education', 'family_relationships',
  'identity', 'independence',
] as const;
export type NeedDomain = (typeof NEED_DOMAINS)[number];

export const NEED_DOMAIN_LABELS: Record<NeedDomain, string> = {
  emotional_wellbeing: 'Emotional wellbeing',
  behaviour: 'Behaviour',
  physical_health: 'Physical health',
  education: 'Education',
  family_relationships: 'Family relationships',
  identity: 'Identity',
  independence: 'Independence',
};

export const OUTCOMES = ['approve', 'approve_with_conditions', 'decline', 'defer'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Whether an outcome approves an option (with or without conditions): only approvals save anything. */
export function isApproval(outcome: Outcome): boolean {
  return outcome === 'approve' || outcome === 'approve_with_conditions';
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  approve: 'Approved',
  approve_with_conditions: 'Approved with conditions',
  decline: 'Declined',
  defer: 'Deferred',
};

/** Reasons a placement's cost changes after the decision, as the seed papers (002) group them. */
export const COST_CHANGE_REASONS = [
  'uplift_agreed', 'renegotiation', 'increased_staffing', 'reduced_staffing', 'breakdown_new_placement',
  'step_down', 'to_new_placement', 'to_foster_care', 'ifa_to_in_house', 'internal_to_external',
  'to_residential', 'to_solo_placement', 'to_specialist_provision', 'to_supported_accommodation',
  'to_16_plus_placement', 'other',
] as const;
export type CostChangeReason = (typeof COST_CHANGE_REASONS)[number];

/** Reasons a placement ends, as the seed papers (002) group them. */
export const END_REASONS = [
  'turned_18', 'return_home', 'sgo_granted', 'placement_with_parents', 'adoption', 'kinship_care', 'other',
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** Why a `change` request was brought, for the savings breakdown by reason. */
export const CHANGE_REASONS = [
  'step_down', 'return_home', 'ifa_to_in_house', 'residential_to_fostering', 'renegotiation',
  'to_supported_accommodation', 'sgo', 'other',
] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

export function humanise(code: string): string {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
