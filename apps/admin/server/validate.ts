import type { z } from 'zod';
import { HttpError } from '@alice-face/http-common';

/** Parses request input or throws 400 INVALID_REQUEST naming the bad fields. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, 'INVALID_REQUEST', message, { details: { fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))] } });
  }
  return parsed.data;
}
