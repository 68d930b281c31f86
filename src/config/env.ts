import { Cron } from 'croner';
import { z } from 'zod';
import { parseMoney, type Money } from '../calculators/money.js';
import { DEFAULT_DECIDE_BY_DAYS, type DecideByDays } from '../domain/decideBy.js';
import { DEFAULT_MAX_WEEKLY_COST } from '../domain/intakeRules.js';
import { URGENCIES, type Urgency } from '../domain/urgency.js';
import { DEFAULT_SLIPPAGE_GRACE_DAYS } from '../panel/followThrough.js';
import { databaseUrlProblem } from '../store/postgres/databaseUrl.js';
import { bankHolidaysFileSetting } from './bankHolidays.js';
import { approvalLimitsSetting, panelQuorumSetting, panelRolesSetting } from './governanceSettings.js';
import { ADMIN, isVotingRole, panelGovernance, unheldQuorumRoles, type Governance, type QuorumRule } from '../domain/governance.js';
import type { Role } from '../domain/meeting.js';

const idList = z.string().optional().transform((raw) =>
  (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));

const optionalText = z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A whole number of at least `min`, or unset (an empty value in .env counts as unset). */
const optionalWhole = (error: string, min: number) => z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.coerce.number({ error }).int({ error }).min(min, { error: `${error} of at least ${min}` }).optional(),
);

const PROXIES = 'must be a whole number of proxies (0 to 5)';
const GRACE = 'must be a whole number of days (0 to 365)';

const DECIDE_BY = `must be urgencies with whole numbers of working days (0 to 60), e.g. "routine=10,urgent=2,emergency=1"`;

/** `routine=10,urgent=2`: the working days per urgency, the defaults for any not named. */
const decideByDays = z.string().optional().transform((raw, ctx): DecideByDays => {
  const days: Record<Urgency, number> = { ...DEFAULT_DECIDE_BY_DAYS };
  const seen = new Set<string>();
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([a-z]+)\s*=\s*(\d{1,2})$/i.exec(part);
    const urgency = m?.[1]!.toLowerCase();
    if (!m || !(URGENCIES as readonly string[]).includes(urgency!) || Number(m[2]) > 60) {
      ctx.addIssue({ code: 'custom', message: `"${part}": ${DECIDE_BY}` });
      continue;
    }
    if (seen.has(urgency!)) ctx.addIssue({ code: 'custom', message: `names ${urgency} twice` });
    seen.add(urgency!);
    days[urgency as Urgency] = Number(m[2]);
  }
  return days;
});

/** The environment the bot starts from (docs/api.md, "Configuration"), validated so a bad value names its variable. */
export const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3978),
  /** Unset: see listenAddress. */
  HOST: optionalText,
  STORE_PATH: z.string().min(1).default('./data/panel.json'),
  /** The PostgreSQL store instead of the JSON file; the problem named never quotes the URL, which holds a password. */
  DATABASE_URL: optionalText.superRefine((url, ctx) => {
    const problem = url === undefined ? undefined : databaseUrlProblem(url);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  DATABASE_POOL_SIZE: optionalWhole('must be a whole number of connections', 1),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { error: 'must be MultiTenant, SingleTenant or UserAssignedMSI' }).optional()
    .or(z.literal('').transform(() => undefined)),
  MicrosoftAppTenantId: optionalText,
  /** Proxies in front of the server whose X-Forwarded-For is believed (App Service: 1); 0 believes none. */
  TRUST_PROXY: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ error: PROXIES }).int({ error: PROXIES }).min(0, { error: PROXIES }).max(5, { error: PROXIES }).default(0),
  ),
  INTAKE_API_KEY: optionalText.refine((k) => k === undefined || k.length >= 16, { error: 'must be at least 16 characters' }),
  PANEL_MEMBERS: idList,
  PANEL_CHAIR: idList,
  /** Each person's roles by Entra object id (`aad-1=chair,aad-2=finance`); PANEL_MEMBERS and PANEL_CHAIR add the roles member and chair. */
  PANEL_ROLES: panelRolesSetting,
  /** Pounds a week of council cost each role may commit (`finance=5000,chair=none`); unset: no limits. */
  APPROVAL_LIMITS: approvalLimitsSetting,
  PANEL_QUORUM: panelQuorumSetting,
  ALLOWED_TENANTS: idList,
  DIGEST_CRON: z.string().default('0 9 * * 1').refine((expr) => {
    try { new Cron(expr, { paused: true }).stop(); return true; } catch { return false; }
  }, { error: 'must be a valid cron expression, e.g. "0 9 * * 1"' }),
  /** When the review cards of approvals whose review date has come are posted (daily, in DIGEST_TZ). */
  REVIEW_CRON: z.string().default('0 9 * * *').refine((expr) => {
    try { new Cron(expr, { paused: true }).stop(); return true; } catch { return false; }
  }, { error: 'must be a valid cron expression, e.g. "0 9 * * *"' }),
  /** When a panel meeting is started on its own (in DIGEST_TZ); unset or empty: meetings are started from the chat only. */
  MEETING_CRON: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().refine((expr) => {
      try { new Cron(expr, { paused: true }).stop(); return true; } catch { return false; }
    }, { error: 'must be a valid cron expression, e.g. "0 10 * * 3"' }).optional(),
  ),
  /** When the day's follow-ups are posted to the panel channel (weekdays 09:30 in DIGEST_TZ by default). */
  REMINDER_CRON: z.string().default('30 9 * * 1-5').refine((expr) => {
    try { new Cron(expr, { paused: true }).stop(); return true; } catch { return false; }
  }, { error: 'must be a valid cron expression, e.g. "30 9 * * 1-5"' }),
  /** Days overdue past which a follow-up also goes to the leadership (digest) channel. */
  ESCALATE_AFTER_DAYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ error: GRACE }).int({ error: GRACE }).min(0, { error: GRACE }).max(365, { error: GRACE }).default(5),
  ),
  DIGEST_TZ: z.string().default('Europe/London').refine((tz) => {
    try { new Intl.DateTimeFormat('en-GB', { timeZone: tz }); return true; } catch { return false; }
  }, { error: 'must be an IANA time zone such as Europe/London' }),
  SAVINGS_TARGET: z.string().optional().transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const parsed = parseMoney(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value.toFixed(2);
  }),
  /** The highest weekly cost, in pounds, taken as real on a request or a cost change: above it is a slip of the keyboard. */
  MAX_WEEKLY_COST: z.string().optional().transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return DEFAULT_MAX_WEEKLY_COST;
    const parsed = parseMoney(v);
    if (!parsed.ok || !parsed.value.gt(0)) {
      ctx.addIssue({ code: 'custom', message: parsed.ok ? 'must be more than 0' : parsed.error });
      return z.NEVER;
    }
    return parsed.value.toFixed(2);
  }),
  WEEKS_PER_YEAR: z.coerce.number().int().min(52).max(53).default(52),
  /** Days after its effective date an approved change may go unconfirmed (no `started`) before it is flagged as slipping. */
  SLIPPAGE_GRACE_DAYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ error: GRACE }).int({ error: GRACE }).min(0, { error: GRACE }).max(365, { error: GRACE }).default(DEFAULT_SLIPPAGE_GRACE_DAYS),
  ),
  /** Working days after it came in that the panel has to decide a request of each urgency (docs/domain.md, "Decide-by date"). */
  DECIDE_BY_WORKING_DAYS: decideByDays,
  /** A copy of gov.uk's bank-holidays.json, read and checked here; unset for the list shipped in src/config/bankHolidays.json. */
  BANK_HOLIDAYS_FILE: bankHolidaysFileSetting,
  RETENTION_DAYS: optionalWhole('must be a whole number of days', 30),
  /** Bytes of journal after which the store file is rewritten; by default the file's own size (at least 1 MiB). */
  STORE_JOURNAL_BYTES: optionalWhole('must be a whole number of bytes', 1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).superRefine((env, ctx) => {
  if (env.MicrosoftAppId !== undefined && env.PANEL_MEMBERS.length === 0 && env.PANEL_ROLES.size === 0) {
    ctx.addIssue({ code: 'custom', path: ['PANEL_MEMBERS'], message: 'is required when MicrosoftAppId is set (or PANEL_ROLES)' });
  }
  const governance = governanceOf(env);
  const held = [...governance.roles.values()].flat();
  if (governance.roles.size > 0 && !held.some(isVotingRole)) {
    ctx.addIssue({ code: 'custom', path: ['PANEL_ROLES'], message: 'names only administrators: give at least one member a voting role (e.g. "aad-1=chair")' });
  }
  // Limits no one can meet would leave every approval a recommendation, never settled.
  if (governance.limits !== undefined && !held.includes(ADMIN) && ![...governance.limits.keys()].some((role) => held.includes(role))) {
    ctx.addIssue({ code: 'custom', path: ['APPROVAL_LIMITS'], message: `names no role anyone holds in PANEL_ROLES, PANEL_MEMBERS or PANEL_CHAIR (${[...governance.limits.keys()].join(', ')}): no approval could ever settle` });
  }
  const unheld = unheldQuorumRoles(governance);
  if (unheld.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['PANEL_QUORUM'], message: `needs ${unheld.join(' and ')}, but no one holds ${unheld.length > 1 ? 'those roles' : 'that role'} in PANEL_ROLES or PANEL_CHAIR, and there is no admin to delegate it` });
  }
  // Bot Framework accepts a validly signed token from any tenant, even for a single-tenant app
  // registration: with an app id, the tenant list is what keeps other organisations out.
  if (env.MicrosoftAppId !== undefined && env.ALLOWED_TENANTS.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['ALLOWED_TENANTS'], message: 'is required when MicrosoftAppId is set (the tenant ids whose users may use the bot, comma-separated)' });
  }
  if (env.MicrosoftAppId !== undefined && env.MicrosoftAppPassword === undefined && env.MicrosoftAppType !== 'UserAssignedMSI') {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
  }
  if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId !== undefined && env.MicrosoftAppTenantId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required for a SingleTenant app' });
  }
});
export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {}

/** The settings the panel's governance is made from (typed apart from Config, which is checked with it). */
export interface GovernanceSettings {
  PANEL_MEMBERS: readonly string[];
  PANEL_CHAIR: readonly string[];
  PANEL_QUORUM: QuorumRule;
  PANEL_ROLES?: ReadonlyMap<string, readonly Role[]>;
  APPROVAL_LIMITS?: ReadonlyMap<Role, Money | null> | undefined;
}

/** The panel's governance as configured: PANEL_ROLES with PANEL_MEMBERS and PANEL_CHAIR, the limits and the quorum. */
export function governanceOf(config: GovernanceSettings): Governance {
  return panelGovernance({
    roles: config.PANEL_ROLES, members: config.PANEL_MEMBERS, chairs: config.PANEL_CHAIR, limits: config.APPROVAL_LIMITS, quorum: config.PANEL_QUORUM,
  });
}

/** The validated configuration, or a ConfigError listing each bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Whether the bot runs without Bot Framework authentication (no app id: Agents Playground, tests). */
export function isLocalMode(config: Config): boolean {
  return config.MicrosoftAppId === undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Where the server listens, and why there. Local mode takes activities without authentication, so
 * unless HOST says otherwise only this machine may reach it; with an app id every interface, as
 * Azure App Service forwards to the container's own address.
 */
export function listenAddress(config: Config): { host: string; why: string; exposedWithoutAuth: boolean } {
  const local = isLocalMode(config);
  if (config.HOST !== undefined) {
    return {
      host: config.HOST,
      why: 'HOST is set',
      exposedWithoutAuth: local && !LOOPBACK.has(config.HOST),
    };
  }
  return local
    ? { host: '127.0.0.1', why: 'local mode (no MicrosoftAppId) accepts activities without authentication, so only this machine may connect; set HOST to listen elsewhere', exposedWithoutAuth: false }
    : { host: '0.0.0.0', why: 'MicrosoftAppId is set: every interface, as Azure App Service needs; set HOST to narrow it', exposedWithoutAuth: false };
}
