// Requests shaped the way Alice's Python SDK (alice-onboarding) sends them,
// read from its alice/onboarding/onboarding_client.py and alice/auth/: form
// fields for create_user, a `video` part plus `wait_for_completion=True` for
// add_selfie, Python booleans in query strings, its Alice-* headers, JSON for
// update_user_state. Each JSON answer is checked against the schema of what
// the SDK parses (sdk-models.schema.json), and kept for the test to read.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

const schema = JSON.parse(readFileSync(new URL('./sdk-models.schema.json', import.meta.url), 'utf8')) as { responses: Record<string, unknown> };
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
ajv.addSchema(schema, 'sdk');

export type SdkResponse = keyof typeof schema.responses;

/** Fails with every schema error when `body` is not what the SDK's `call` parses. */
export function expectFits(call: SdkResponse, body: unknown): void {
  const validate = ajv.getSchema(`sdk#/responses/${call}`)!;
  const ok = validate(body);
  expect({ call, errors: ok ? [] : validate.errors }).toEqual({ call, errors: [] });
}

const AGENT = { 'Alice-User-Agent': 'onboarding-python/sdk-contract (Linux; test) python 3.11' };

export function sdkClient(url: string, apiKey: string) {
  const get = async (path: string, token: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, ...AGENT, ...headers } });
  const send = async (method: string, path: string, token: string, body?: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method, body: body ?? null, headers: { authorization: `Bearer ${token}`, ...AGENT, ...headers } });
  /** The JSON of a 200 answer, checked against `call`'s schema. */
  const json = async <T>(call: SdkResponse, res: Response): Promise<T> => {
    const text = await res.text();
    expect({ call, status: res.status, text: res.status === 200 ? '' : text }).toEqual({ call, status: 200, text: '' });
    const body = JSON.parse(text) as T;
    expectFits(call, body);
    return body;
  };
  const token = async (path: string, headers: Record<string, string>) =>
    (await json<{ token: string }>('backend_token', await fetch(`${url}${path}`, { headers: { 'Cache-Control': 'use-cache', ...headers } }))).token;
  const login = () => token('/login_token', { apikey: apiKey });
  return {
    get,
    send,
    json,
    login,
    backend: async () => token('/backend_token', { authorization: `Bearer ${await login()}` }),
    backendUser: async (userId: string) => token(`/backend_token/${userId}`, { authorization: `Bearer ${await login()}` }),
    user: async (userId: string) => token(`/user_token/${userId}`, { authorization: `Bearer ${await login()}` }),
    /** create_user(user_info, device_info, flow_id): a urlencoded form (requests' `data=`). */
    form: (fields: Record<string, string>) => new URLSearchParams(fields),
    /** add_selfie / authenticate_user: files={"video": ("video", bytes)}, plus data={"wait_for_completion": True} for selfies. */
    video: (file: string, withWait: boolean) => {
      const form = new FormData();
      if (withWait) form.append('wait_for_completion', 'True');
      form.append('video', new Blob([readFileSync(file)]), 'video');
      return form;
    },
  };
}
