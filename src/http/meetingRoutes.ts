import type restify from 'restify';
import { z } from 'zod';
import { DOCX_TYPE, minutesDocx } from '../exports/minutesDocx.js';
import { fieldProblems } from '../domain/issues.js';
import { meetingSummary } from './meetingJson.js';
import { API_ACTOR, REFUSAL_STATUS, problems, safe, type RequestRoutesDeps } from './requestRoutes.js';


/** A delegation as the API takes it (docs/api.md, "Meetings"). */
const personInput = z.strictObject({
  aadObjectId: z.string({ error: 'must be the Entra object id' }).trim().min(1, { error: 'must be the Entra object id' }).max(100, { error: 'must be at most 100 characters' }),
  name: z.string({ error: 'must be the person\'s name as Teams shows it' }).trim().max(120, { error: 'must be at most 120 characters' }),
});
const delegationBodySchema = z.strictObject({
  role: z.string({ error: 'must be a role, e.g. "chair"' }).max(32, { error: 'must be a role, e.g. "chair"' }),
  to: personInput,
  from: z.string().max(10, { error: 'must be a date, YYYY-MM-DD' }).optional(),
  until: z.string({ error: 'must be the last day, YYYY-MM-DD' }).max(10, { error: 'must be a date, YYYY-MM-DD' }),
  onBehalfOf: personInput.optional(),
});

function noMeeting(res: restify.Response, id: string): void {
  problems(res, 404, [{ field: 'id', problem: `no meeting ${id}` }]);
}

/**
 * Meetings and delegations (docs/api.md, "Meetings"): the meetings with their agendas, attendance and
 * minutes (JSON and Word), and the delegations, behind the API key.
 */
export function registerMeetingRoutes(server: restify.Server, deps: RequestRoutesDeps, guard: restify.RequestHandler): void {
  const meetingOf = (req: restify.Request) => deps.panel.meetings().find((m) => m.id === String(req.params.id));

  server.get('/api/meetings', guard, safe(deps, (_req, res) => {
    res.send(200, { meetings: deps.panel.meetings().map(meetingSummary) });
  }));

  server.get('/api/meetings/:id', guard, safe(deps, (req, res) => {
    const m = meetingOf(req);
    if (m === undefined) return noMeeting(res, String(req.params.id));
    res.send(200, { ...meetingSummary(m), agenda: m.started.agenda, ...(m.ended !== undefined && { minutes: m.ended.minutes }) });
  }));

  const minutesOrRefusal = (req: restify.Request, res: restify.Response) => {
    const m = meetingOf(req);
    if (m === undefined) return noMeeting(res, String(req.params.id));
    if (m.ended === undefined) return problems(res, 409, [{ field: 'id', problem: `the meeting ${m.id} is still under way: its minutes are kept when it ends` }]);
    return m.ended.minutes;
  };

  server.get('/api/meetings/:id/minutes', guard, safe(deps, (req, res) => {
    const minutes = minutesOrRefusal(req, res);
    if (minutes !== undefined) res.send(200, minutes);
  }));

  server.get('/api/meetings/:id/minutes.docx', guard, safe(deps, async (req, res) => {
    const minutes = minutesOrRefusal(req, res);
    if (minutes === undefined) return;
    const body = await minutesDocx(minutes);
    res.sendRaw(200, body, {
      'Content-Type': DOCX_TYPE,
      'Content-Disposition': `attachment; filename="minutes-${minutes.meetingId}.docx"`,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  }));

  server.get('/api/delegations', guard, safe(deps, (_req, res) => {
    res.send(200, { delegations: deps.panel.delegations() });
  }));

  server.post('/api/delegations', guard, safe(deps, async (req, res) => {
    const parsed = delegationBodySchema.safeParse(req.body);
    if (!parsed.success) return problems(res, 400, fieldProblems(parsed.error));
    const result = await deps.panel.delegate(parsed.data, API_ACTOR, true);
    if (!result.ok) return problems(res, REFUSAL_STATUS[result.refusal], result.problems);
    res.send(201, { delegation: result.delegation });
  }));
}
