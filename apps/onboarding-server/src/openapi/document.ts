// The OpenAPI 3.1 document served at /onboarding/openapi.json, written by
// hand from docs/CONTRACT.md. A test checks it lists exactly the routes the app
// registers.
import { CHALLENGE_STEP_KINDS } from '@alice-face/face-engine/challenge-steps';
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
              schema: { type: 'object', properties: { email: { type: 'string', format: 'email' }, first_name: { type: 'string' }, last_name: { type: 'string' } } },
            }])),
          },
        }),
        delete: op('Delete the user and all their data', BU, ok),
      },
      '/user/status': { get: op('Status of the user', BUU, obj({ user: ref('UserStatus') })) },
      '/users': { get: op('List users', ['backend'], obj({ users: { type: 'array', items: ref('UserSummary') }, total: { type: 'integer' }, page: { type: 'integer' }, page_size: { type: 'integer' } }), { parameters: userParams }) },
      '/users/status': { get: op('List users with status', ['backend'], obj({ users: { type: 'array', items: ref('UserStatus') }, total: { type: 'integer' }, page: { type: 'integer' }, page_size: { type: 'integer' } }), { parameters: userParams }) },
      '/user/selfie': {
        post: op('Add a selfie (video or image)', BUU, { ...obj({ selfie_id: { type: 'string' }, number_of_faces: { type: 'integer' } }), properties: { selfie_id: { type: 'string' }, face_liveness: { type: ['number', 'null'], description: 'Absent for a user token.' }, number_of_faces: { type: 'integer' } } }, { requestBody: upload }),
        patch: op('Void the current selfies', BU, ok),
        delete: op('Delete every selfie and template', BU, ok),
      },
      '/user/report': { get: op('The user report (v1)', BU, obj({ report: ref('Report') })) },
      '/user/authentication/enable': { post: op('Enable face authentication', BU, ok) },
      '/user/authorize': { post: op('Alias of /user/authentication/enable', BU, ok) },
      '/user/authentication/disable': { post: op('Disable face authentication', BU, ok) },
      '/user/deauthorize': { post: op('Alias of /user/authentication/disable', BU, ok) },
      '/user/challenge': {
        post: op('Issue an active-liveness challenge (2-3 random steps, single use, 60 s); send its challenge_id with the next upload', BUU, obj({
          challenge_id: { type: 'string' },
          steps: { type: 'array', items: obj({ kind: { type: 'string', enum: [...CHALLENGE_STEP_KINDS] }, start: { type: 'number' }, end: { type: 'number' } }) },
          expires_at: { type: 'string', format: 'date-time' },
        })),
      },
      '/user/authenticate': { post: op('Authenticate with a new video', BUU, obj({ authentication_id: { type: 'string' } }), { requestBody: upload }) },
      '/user/authentications': { get: op('List authentications', BU, obj({ authentications: { type: 'array', items: ref('Authentication') }, total: { type: 'integer' }, version: { const: 1 } }), { parameters: pageParams }) },
      '/user/authentication/{id}': { get: op('One authentication', BU, obj({ authentication: ref('Authentication') }), { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }) },
      '/media/{id}/download': {
        get: {
          ...op('Download media of the user', BUU, {}, { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }),
          responses: { '200': { description: 'The raw media', content: { 'video/*': {}, 'image/*': {} } }, '4XX': errorResponse('Not found or refused.') },
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
        page_size: { name: 'page_size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        descending: { name: 'descending', in: 'query', schema: { type: 'boolean', default: true } },
        authorized: { name: 'authorized', in: 'query', schema: { type: 'boolean' } },
        sort_by: { name: 'sort_by', in: 'query', schema: { enum: ['created_at', 'email', 'last_selfie_at'], default: 'created_at' } },
        filter_field: { name: 'filter_field', in: 'query', schema: { enum: ['email', 'state'] } },
        filter_value: { name: 'filter_value', in: 'query', schema: { type: 'string' } },
      },
    },
  };
}
