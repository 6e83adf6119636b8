// The OpenAPI 3.1 document served at /onboarding/openapi.json, written by
// hand from docs/CONTRACT.md. A test checks it lists exactly the routes the app
// registers.
import { CHALLENGE_STEP_KINDS } from '@alice-face/face-engine/challenge-steps';
import { USER_STATES } from '../store/store.js';
import { schemas } from './schemas.js';

type Security = 'apikey' | 'login' | 'backend' | 'backend_user' | 'user' | 'none';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const obj = (properties: Record<string, object>) => ({ type: 'object', required: Object.keys(properties), properties });
const ok = { type: 'object', properties: { message: { const: 'Ok' } } };
const token = obj({ token: { type: 'string' } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const pageParams = ['page', 'page_size', 'descending'].map((name) => ({ $ref: `#/components/parameters/${name}` }));
const userParams = [...pageParams, ...['authorized', 'sort_by', 'filter_field', 'filter_value'].map((name) => ({ $ref: `#/components/parameters/${name}` }))];
const changedBy = { operator: { type: 'string', description: 'Who made the change (default "auto").' }, update_reasons: { type: ['array', 'null'], items: { type: 'object', additionalProperties: { type: 'string' } } } };
/** Optional body of enable, disable and void: recorded as the last change of the user state. */
const byBody = { required: false, content: json({ type: 'object', properties: changedBy }) };
const upload = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: { type: 'object', required: ['video'], properties: { video: { type: 'string', format: 'binary' }, challenge_id: { type: 'string' } } },
    },
  },
};

function op(summary: string, security: Security[], response: object, extra: Record<string, unknown> = {}) {
  return {
    summary,
    security: security.includes('none') ? [] : security.map((s) => ({ [s]: [] })),
    ...extra,
    responses: {
      '200': { description: 'OK', content: json(response) },
      '4XX': errorResponse('Refused: see the error code.'),
      '5XX': errorResponse('Server fault or busy (503 BUSY with Retry-After).'),
    },
  };
}

export function openApiDocument(version: string, serverUrl: string) {
  const BU = ['backend_user'] as Security[];
  const BUU = ['backend_user', 'user'] as Security[];
  return {
    openapi: '3.1.0',
    info: { title: 'Onboarding API (self-hosted)', version, description: 'Face enrollment and authentication in the Alice Onboarding style.' },
    servers: [{ url: serverUrl }],
    paths: {
      '/healthcheck': {
        get: op('Liveness of the server, and the ffmpeg that decodes uploads', ['none'], obj({
          status: { const: 'ok' },
          version: { type: 'string' },
          ffmpeg: obj({ source: { enum: ['FFMPEG_PATH', 'PATH', 'bundled'] }, version: { type: 'string' } }),
        })),
      },
      '/openapi.json': { get: op('This document', ['none'], { type: 'object' }) },
      '/login_token': { get: op('Login token from an API key', ['apikey'], token) },
      '/backend_token': { get: op('Backend token', ['login'], token) },
      '/backend_token/{user_id}': { get: op('Backend token bound to a user', ['login'], token, { parameters: [{ $ref: '#/components/parameters/user_id' }] }) },
      '/user_token/{user_id}': { get: op('User token for a browser', ['login'], token, { parameters: [{ $ref: '#/components/parameters/user_id' }] }) },
      '/user': {
        post: op('Create a user', ['backend'], obj({ user_id: { type: 'string' } }), {
          requestBody: {
            content: Object.fromEntries(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'].map((t) => [t, {
              schema: {
                type: 'object',
                description: 'Other fields (flow_id) are ignored.',
                properties: Object.fromEntries([['email', { type: 'string', format: 'email' }], ...['first_name', 'last_name', 'device_platform', 'device_platform_version', 'device_model'].map((k) => [k, { type: 'string' }])]),
              },
            }])),
          },
        }),
        delete: op('Delete the user and all their data', BU, ok),
      },
      '/user/status': { get: op('Status of the user', BUU, obj({ user: ref('UserStatus') })) },
      '/users': { get: op('List users', ['backend'], obj({ users: { type: 'array', items: ref('UserSummary') }, total: { type: 'integer' }, page: { type: 'integer' }, page_size: { type: 'integer' } }), { parameters: userParams }) },
      '/users/stats': {
        get: op('Users counted by state, with face login, with a selfie and with a valid selfie', ['backend'], obj({
          stats: obj({ total: { type: 'integer' }, authorized: { type: 'integer' }, with_selfie: { type: 'integer' }, with_valid_selfie: { type: 'integer' }, states: obj(Object.fromEntries(USER_STATES.map((k) => [k, { type: 'integer' }]))) }),
        })),
      },
      '/user/state': {
        get: op('The user state, as a bare JSON string (the form Alice\'s SDKs read)', BU, { enum: [...USER_STATES] }),
        patch: op('Set the user state: ACCEPTED enables face login, REJECTED disables it; the others must match the selfies (409 STATE_CONFLICT)', BU, ok, {
          requestBody: { required: true, content: json({ type: 'object', required: ['state'], properties: { state: { enum: [...USER_STATES] }, ...changedBy } }) },
        }),
      },
      '/users/status': { get: op('List users with status', ['backend'], obj({ users: { type: 'array', items: ref('UserStatus') }, total: { type: 'integer' }, page: { type: 'integer' }, page_size: { type: 'integer' } }), { parameters: userParams }) },
      '/user/selfie': {
        post: op('Add a selfie (video or image)', BUU, { ...obj({ selfie_id: { type: 'string' }, number_of_faces: { type: 'integer' } }), properties: { selfie_id: { type: 'string' }, face_liveness: { type: ['number', 'null'], description: 'Absent for a user token.' }, number_of_faces: { type: 'integer' } } }, { requestBody: upload }),
        patch: op('Void the current selfies', BU, ok, { requestBody: byBody }),
        delete: op('Delete every selfie and template', BU, ok),
      },
      '/user/selfie/{id}': { delete: op('Delete one selfie and its template', BU, ok, { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }) },
      '/user/report': { get: op('The user report (v1)', BU, obj({ report: ref('Report') })) },
      '/user/authentication/enable': { post: op('Enable face authentication', BU, ok, { requestBody: byBody }) },
      '/user/authorize': { post: op('Alias of /user/authentication/enable', BU, ok, { requestBody: byBody }) },
      '/user/authentication/disable': { post: op('Disable face authentication', BU, ok, { requestBody: byBody }) },
      '/user/deauthorize': { post: op('Alias of /user/authentication/disable', BU, ok, { requestBody: byBody }) },
      '/user/challenge': {
        post: op('Issue an active-liveness challenge (2-3 random steps, single use, 60 s); send its challenge_id with the next upload', BUU, obj({
          challenge_id: { type: 'string' },
          steps: { type: 'array', items: obj({ kind: { type: 'string', enum: [...CHALLENGE_STEP_KINDS] }, start: { type: 'number' }, end: { type: 'number' } }) },
          expires_at: { type: 'string', format: 'date-time' },
        })),
      },
      '/user/authenticate': { post: op('Authenticate with a new video', BUU, obj({ authentication_id: { type: 'string' } }), { requestBody: upload }) },
      '/user/authentications': { get: op('List authentications', BU, obj({ authentications: { type: 'array', items: ref('Authentication') }, total: { type: 'integer' }, version: { const: 1 } }), { parameters: pageParams }) },
      '/user/authentications/ids': { get: op('Ids of every authentication, newest first', BU, obj({ authentication_ids: { type: 'array', items: { type: 'string' } } })) },
      '/user/authentication/{id}': { get: op('One authentication', BU, obj({ authentication: ref('Authentication') }), { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }) },
      '/retention': { get: op('The retention schedule: how long videos, voided selfies and challenges are kept', ['none'], obj({ retention: ref('Retention') })) },
      '/user/biometrics': {
        delete: op('Withdrawal: delete every selfie and template, destroy every authentication video (scores kept), disable face login', BU,
          obj({ message: { const: 'Ok' }, selfies_deleted: { type: 'integer' }, videos_destroyed: { type: 'integer' } }), { requestBody: byBody }),
      },
      '/user/export': { get: op('Everything held about the user (media as links; each download recorded)', BU, obj({ export: ref('Export') })) },
      '/media_access': {
        get: op('Downloads of media, newest first (who: token kind and API key)', ['backend'], obj({
          media_access: { type: 'array', items: ref('MediaAccess') }, total: { type: 'integer' }, page: { type: 'integer' }, page_size: { type: 'integer' },
        }), { parameters: [pageParams[0], pageParams[1], { name: 'user_id', in: 'query', description: 'One user\'s downloads only.', schema: { type: 'string' } }] }),
      },
      '/media/{id}/download': {
        get: {
          ...op('Download media of the user', BUU, {}, { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }),
          responses: { '200': { description: 'The raw media', content: { 'video/*': {}, 'image/*': {} } }, '4XX': errorResponse('Not found or refused; 410 MEDIA_DESTROYED once destroyed.') },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: {
        apikey: { type: 'apiKey', in: 'header', name: 'apikey' },
        ...Object.fromEntries(['login', 'backend', 'backend_user', 'user'].map((k) => [k, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `A ${k} token (JWT claim kind=${k}).` }])),
      },
      parameters: {
        user_id: { name: 'user_id', in: 'path', required: true, schema: { type: 'string' } },
        page: { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        page_size: { name: 'page_size', in: 'query', description: '0: every row.', schema: { type: 'integer', minimum: 0, maximum: 100, default: 20 } },
        descending: { name: 'descending', in: 'query', description: 'true/false in any case (True, 1, 0 too).', schema: { type: 'boolean', default: true } },
        authorized: { name: 'authorized', in: 'query', description: 'true: only users with face login enabled; false: every user.', schema: { type: 'boolean' } },
        sort_by: { name: 'sort_by', in: 'query', schema: { enum: ['created_at', 'email', 'last_selfie_at'], default: 'created_at' } },
        filter_field: { name: 'filter_field', in: 'query', description: 'state: a selfie state or a user state; user_state: a user state.', schema: { enum: ['email', 'state', 'user_state'] } },
        filter_value: { name: 'filter_value', in: 'query', schema: { type: 'string' } },
      },
    },
  };
}
