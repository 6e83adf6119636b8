// JSON Schemas of the wire shapes (docs/CONTRACT.md) for the OpenAPI document.
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const check = {
  type: 'object',
  required: ['key', 'value', 'detail'],
  properties: { key: { type: 'string' }, value: nullable('number'), detail: { type: 'string' } },
};
const mediaRef = {
  type: 'object',
  required: ['href', 'extension'],
  properties: { href: { type: 'string', format: 'uri' }, extension: { type: 'string' } },
};
const userSummary = {
  type: 'object',
  required: ['user_id', 'email', 'first_name', 'last_name', 'created_at'],
  properties: {
    user_id: { type: 'string', format: 'uuid' },
    email: nullable('string'),
    first_name: nullable('string'),
    last_name: nullable('string'),
    created_at: { type: 'string', format: 'date-time' },
  },
};
const userStatus = {
  allOf: [
    ref('UserSummary'),
    {
      type: 'object',
      required: ['authorized', 'state', 'face_liveness', 'selfies', 'valid_selfies', 'authentications', 'last_selfie_at', 'last_authentication_at', 'cropped_face'],
      properties: {
        authorized: { type: 'boolean' },
        state: { enum: ['NO_SELFIE', 'SELFIE_VALID', 'SELFIE_VOIDED'] },
        face_liveness: nullable('number'),
        selfies: { type: 'integer' },
        valid_selfies: { type: 'integer' },
        authentications: { type: 'integer' },
        last_selfie_at: nullable('string', { format: 'date-time' }),
        last_authentication_at: nullable('string', { format: 'date-time' }),
        cropped_face: { oneOf: [ref('MediaRef'), { type: 'null' }] },
      },
    },
  ],
};
const selfie = {
  type: 'object',
  required: ['id', 'created_at', 'liveness', 'voided', 'number_of_faces', 'checks', 'media'],
  properties: {
    id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    liveness: nullable('number'),
    voided: { type: 'boolean' },
    number_of_faces: { type: 'integer' },
    checks: { type: 'array', items: ref('Check') },
    media: { type: 'object', properties: { cropped_face: ref('MediaRef') } },
  },
};
const report = {
  type: 'object',
  required: ['id', 'user_id', 'version', 'created_at', 'summary', 'selfies', 'documents', 'events'],
  properties: {
    id: { type: 'string' },
    user_id: { type: 'string' },
    version: { const: 1 },
    created_at: { type: 'string', format: 'date-time' },
    summary: {
      type: 'object',
      properties: {
        face_liveness: nullable('number'),
        face_matching: { type: 'array' },
        checks: { type: 'array', items: ref('Check') },
        external_user_data: { type: 'object' },
        user_data: { type: 'object', properties: { email: nullable('string'), first_name: nullable('string'), last_name: nullable('string') } },
        devices: { type: 'array' },
      },
    },
    selfies: { type: 'array', items: ref('Selfie') },
    documents: { type: 'array' },
    events: { type: 'array' },
  },
};
const authentication = {
  type: 'object',
  required: ['authentication_id', 'created_at', 'face_liveness', 'face_matching', 'media'],
  properties: {
    authentication_id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    face_liveness: nullable('number'),
    face_matching: nullable('number'),
    checks: { type: 'array', items: ref('Check') },
    media: {
      type: 'object',
      properties: {
        video: { type: 'object', properties: { extension: { type: 'string' }, href: { type: 'string', format: 'uri' }, objects: { type: 'array' } } },
      },
    },
  },
};
const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', pattern: '^[A-Z_]+$' }, message: { type: 'string' }, details: {} },
    },
  },
};

export const schemas = {
  Check: check,
  MediaRef: mediaRef,
  UserSummary: userSummary,
  UserStatus: userStatus,
  Selfie: selfie,
  Report: report,
  Authentication: authentication,
  Error: error,
};
