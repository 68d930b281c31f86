import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../log/logger.js';

/**
 * Bot Framework does not restrict callers by tenant, even for a single-tenant app: turns from a
 * tenant not on the list are dropped before any handler runs, with a log line and no answer.
 * An empty list admits every tenant: configuration (env.ts) allows that only in local mode.
 */
export function tenantGuard(allowed: readonly string[], logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      if (allowed.length === 0) return next();
      const tenant = (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id
        ?? context.activity.conversation?.tenantId;
      if (tenant !== undefined && allowed.includes(tenant)) return next();
      logger.warn({ tenant: tenant ?? '(none)', type: context.activity.type }, 'activity from a tenant that is not allowed: ignored');
    },
  };
}
