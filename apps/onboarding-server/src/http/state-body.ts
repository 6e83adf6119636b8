// Bodies of the calls that change a user's state: PATCH /user/state
// ({state, operator, update_reasons}, as Alice's SDKs send it) and the
// optional {operator, update_reasons} of enable, disable and void. No body
// at all is fine there: the operator is then "auto".
import type { Request } from 'express';
import { z } from 'zod';
import type { ChangedBy } from '../services/user-state-service.js';
import { USER_STATES, type UserState } from '../store/store.js';
import { readForm } from './form-body.js';
import { invalidRequest } from '@alice-face/http-common';

const changedBy = z.object({
  operator: z.string().trim().min(1).max(200).nullish(),
  update_reasons: z.array(z.record(z.string().max(100), z.string().max(1000))).max(20).nullish(),
});
const stateBody = changedBy.extend({ state: z.enum(USER_STATES) });

async function parse<T>(schema: z.ZodType<T>, req: Request): Promise<T> {
  const r = schema.safeParse(await readForm(req));
  if (!r.success) {
    const field = String(r.error.issues[0]?.path[0] ?? 'body');
    const hint = field === 'state' ? ` It must be one of ${USER_STATES.join(', ')}.` : field === 'update_reasons' ? ' It must be a list of objects of strings.' : '';
    throw invalidRequest(field, `The field ${field} is invalid.${hint}`);
  }
  return r.data;
}

const by = (b: z.infer<typeof changedBy>): ChangedBy => ({ operator: b.operator ?? undefined, updateReasons: b.update_reasons ?? null });

export async function readChangedBy(req: Request): Promise<ChangedBy> {
  return by(await parse(changedBy, req));
}

export async function readStateUpdate(req: Request): Promise<{ state: UserState } & ChangedBy> {
  const b = await parse(stateBody, req);
  return { state: b.state, ...by(b) };
}
