// The OpenAPI document lists exactly the routes the app registers, and the
// selfie and authentication schemas exactly the fields their views send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { ChallengeResult } from '../src/services/face.js';
import { authentication, report } from '../src/services/views.js';
import { DEFAULT_RETENTION } from '../src/services/retention-service.js';
import type { AuthenticationRow, SelfieRow, UserStatusRow } from '../src/store/store.js';
import { startTestServer, type TestServer } from './helpers.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every "METHOD /path" registered on the app (mounted routers are all under /onboarding). */
function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out.sort();
}

describe('GET /onboarding/openapi.json', () => {
  it('is an OpenAPI 3.1 document of exactly the registered routes', async () => {
    const res = await s.get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe(s.url);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    const routes = registeredRoutes(s.app);
    expect(routes.length).toBe(33);
    expect(documented).toEqual(routes);
  });
  it('resolves every $ref it uses', async () => {
    const doc = (await (await s.get('/openapi.json')).json()) as Record<string, unknown>;
    const refs = JSON.stringify(doc).match(/"#\/components\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const target = JSON.parse(ref).slice(2).split('/').reduce((o: Record<string, unknown> | undefined, k: string) => o?.[k] as Record<string, unknown> | undefined, doc);
      expect(target, ref).toBeDefined();
    }
  });
  it('documents every field of the selfie and authentication views, the challenge result included', async () => {
    type Schema = { required?: string[]; properties: Record<string, { oneOf?: unknown[]; items?: Schema }> };
    const doc = (await (await s.get('/openapi.json')).json()) as { components: { schemas: Record<string, Schema> } };
    const { Selfie, Authentication, ChallengeResult } = doc.components.schemas;
    const challengeResult: ChallengeResult = {
      passed: false,
      reason: 'Step 1 (blink) was not seen.',
      steps: [{ kind: 'blink', start: 1, end: 3.5, seen: false, at: null, strength: null, inWindow: false, inOrder: false, passed: false }],
    };
    const at = '2026-01-01T00:00:00.000Z';
    const user: UserStatusRow = {
      id: 'u', email: null, firstName: null, lastName: null, createdAt: at, authorized: false, reportId: 'r',
      device: { platform: null, platformVersion: null, model: null }, rejected: false, stateOperator: null, stateUpdateReasons: null, stateUpdatedAt: null,
      state: 'SELFIE_VALID', userState: 'TO_REVIEW', faceLiveness: 40, selfies: 1, validSelfies: 1, authentications: 0,
      lastSelfieAt: at, lastAuthenticationAt: null, croppedFaceMediaId: 'm', validTemplateVersions: [1],
    };
    const selfie: SelfieRow = {
      id: 's', userId: 'u', createdAt: at, liveness: 40, voided: false, voidedAt: null, mediaDestroyedAt: null, numberOfFaces: 1, checks: [], template: new Float32Array(128), templateVersion: 1,
      croppedFaceMediaId: 'm', challengeId: 'c', challengeResult,
    };
    const auth: AuthenticationRow = {
      id: 'a', userId: 'u', createdAt: at, faceLiveness: 40, faceMatching: 90, passed: false, checks: [], videoMediaId: 'v', videoExtension: 'mp4', videoDestroyedAt: null,
      challengeId: 'c', challengeResult, clientKey: null,
    };
    const keys = (o: object) => Object.keys(o).sort();
    const selfieView = report(user, [selfie], s.url, DEFAULT_RETENTION).selfies[0]!;
    const authView = authentication(auth, s.url, DEFAULT_RETENTION);
    expect(keys(selfieView)).toEqual(keys(Selfie!.properties));
    expect(keys(authView)).toEqual(keys(Authentication!.properties));
    expect(keys(selfieView.challenge!)).toEqual(keys(ChallengeResult!.properties));
    expect(keys(selfieView.challenge!.steps[0]!)).toEqual(keys(ChallengeResult!.properties.steps!.items!.properties));
    expect(ChallengeResult!.properties.steps!.items!.required).toEqual(Object.keys(selfieView.challenge!.steps[0]!));
    for (const schema of [Selfie!, Authentication!]) {
      expect(schema.required).toContain('challenge');
      expect(schema.properties.challenge!.oneOf).toEqual([{ $ref: '#/components/schemas/ChallengeResult' }, { type: 'null' }]);
    }
    // Without a challenge the field is there, null.
    expect(report(user, [{ ...selfie, challengeResult: null }], s.url, DEFAULT_RETENTION).selfies[0]!.challenge).toBeNull();
    expect(authentication({ ...auth, challengeResult: null }, s.url, DEFAULT_RETENTION).challenge).toBeNull();
  });
});
