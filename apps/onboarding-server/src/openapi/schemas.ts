// JSON Schemas of the wire shapes (docs/CONTRACT.md) for the OpenAPI document.
import { CHALLENGE_STEP_KINDS } from '@alice-face/face-engine/challenge-steps';
import { USER_STATES } from '../store/store.js';
import { privacySchemas } from './privacy-schemas.js';

const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const check = {
  type: 'object',
  required: ['key', 'value', 'detail'],
  properties: { key: { type: 'string' }, value: nullable('number'), detail: { type: 'string' } },
};
const challengeResult = {
  type: 'object',
  description: 'What the engine saw of an active-liveness challenge (self-hosted server only).',
  required: ['passed', 'reason', 'steps'],
  properties: {
    passed: { type: 'boolean' },
    reason: { type: 'string', description: 'A sentence for the person: the first step missed, late or out of order.' },
    steps: {
      type: 'array',
      description: 'In the order they were asked.',
      items: {
        type: 'object',
        required: ['kind', 'window_start', 'window_end', 'seen', 'at', 'strength', 'in_window', 'in_order', 'passed'],
        properties: {
          kind: { type: 'string', enum: [...CHALLENGE_STEP_KINDS] },
          window_start: { type: 'number', description: 'Start of the window it was asked in (s from the recording start).' },
          window_end: { type: 'number', description: 'End of that window (s).' },
          seen: { type: 'boolean', description: 'The action was seen somewhere in the clip.' },
          at: nullable('number', { description: 'When the matched action began (s); null when not seen.' }),
          strength: nullable('number', { description: 'How far past the threshold at its peak (1 = at the threshold); null when not seen.' }),
          in_window: { type: 'boolean', description: 'The action overlaps the window.' },
          in_order: { type: 'boolean', description: "It came after the previous step's action." },
          passed: { type: 'boolean' },
        },
      },
    },
  },
};
const challengeOrNull = { oneOf: [ref('ChallengeResult'), { type: 'null' }], description: 'Null when no challenge was used.' };
const mediaRef = {
  type: 'object',
  required: ['href', 'extension', 'objects'],
  properties: {
    href: { type: 'string', format: 'uri' },
    extension: { type: 'string' },
    objects: { type: 'null', description: 'Regions found in the media (bounding boxes by name in the hosted API); the self-hosted server marks none.' },
  },
};
const reasons = { type: ['array', 'null'], items: { type: 'object', additionalProperties: { type: 'string' } } };
const userState = {
  type: 'object',
  description: 'The user state of Alice\'s SDKs, and the last change of it (enable, disable, void, PATCH /user/state).',
  required: ['value', 'operator', 'update_reasons', 'updated_at'],
  properties: {
    value: { enum: [...USER_STATES], description: 'ACCEPTED while face login is enabled; REJECTED after a rejection; otherwise from the selfies: TO_REVIEW (a valid one), IN_PROGRESS (voided ones only), NOT_STARTED (none).' },
    operator: nullable('string'),
    update_reasons: reasons,
    updated_at: nullable('string', { format: 'date-time' }),
  },
};
const device = {
  oneOf: [{ type: 'object', required: ['platform', 'platform_version', 'model'], properties: { platform: nullable('string'), platform_version: nullable('string'), model: nullable('string') } }, { type: 'null' }],
  description: 'The device_info given at creation; null when none was.',
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
      required: ['authorized', 'state', 'user_state', 'device', 'selfies', 'valid_selfies', 'authentications', 'last_selfie_at', 'last_authentication_at', 'cropped_face', 'reenrollment_required'],
      properties: {
        authorized: { type: 'boolean' },
        state: { enum: ['NO_SELFIE', 'SELFIE_VALID', 'SELFIE_VOIDED'] },
        user_state: ref('UserState'),
        device,
        face_liveness: { ...nullable('number'), description: 'Absent for a user token: scores are for backends and reviewers.' },
        selfies: { type: 'integer' },
        valid_selfies: { type: 'integer' },
        authentications: { type: 'integer' },
        last_selfie_at: nullable('string', { format: 'date-time' }),
        last_authentication_at: nullable('string', { format: 'date-time' }),
        cropped_face: { oneOf: [ref('MediaRef'), { type: 'null' }] },
        reenrollment_required: {
          type: 'boolean',
          description: 'Valid selfies exist but none was described by the current face engine: authentication answers 409 REENROLLMENT_REQUIRED until a new selfie is added.',
        },
      },
    },
  ],
};
const selfie = {
  type: 'object',
  required: ['id', 'created_at', 'liveness', 'voided', 'number_of_faces', 'checks', 'challenge', 'media'],
  properties: {
    id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    liveness: nullable('number'),
    voided: { type: 'boolean' },
    number_of_faces: { type: 'integer' },
    checks: { type: 'array', items: ref('Check') },
    challenge: challengeOrNull,
    media: { type: 'object', description: 'Empty once the crop was destroyed (retention of a voided selfie).', properties: { cropped_face: ref('MediaRef') } },
    media_expires_at: { type: ['string', 'null'], format: 'date-time', description: 'When the crop and template are destroyed: voided time plus the voided-selfie retention; null while the selfie is valid.' },
    media_destroyed_at: { type: ['string', 'null'], format: 'date-time', description: 'When they were destroyed; null while they exist.' },
  },
};
const na = { enum: ['ok', 'ko', 'n/a'] };
const report = {
  type: 'object',
  required: ['id', 'user_id', 'version', 'created_at', 'summary', 'selfies', 'documents', 'other_trusted_documents', 'events'],
  properties: {
    id: { type: 'string' },
    user_id: { type: 'string' },
    version: { const: 1 },
    created_at: { type: 'string', format: 'date-time' },
    summary: {
      type: 'object',
      required: ['result', 'face_liveness', 'face_matching', 'checks', 'user_data', 'external_user_data', 'sessions', 'sessions_until_first_succeeded_onboarding', 'devices', 'state'],
      properties: {
        result: {
          type: 'object',
          description: 'selfie_security: ok when the latest valid selfie\'s liveness is 50 or more, ko below, n/a without one (or without liveness); documents are out of scope: n/a.',
          properties: { selfie_security: na, document_security: na, document_read: na, process_security: na },
        },
        face_liveness: nullable('number'),
        face_matching: { type: 'array', maxItems: 0, description: 'Selfie-to-document matchings: none without documents.' },
        checks: { type: 'array', items: ref('Check') },
        user_data: { type: 'array', maxItems: 0, description: 'What documents read: none without documents.' },
        external_user_data: { type: 'object', properties: { first_name: nullable('string'), last_name: nullable('string'), email: nullable('string') } },
        sessions: { type: 'integer' },
        sessions_until_first_succeeded_onboarding: { type: 'null' },
        devices: {
          type: 'array',
          description: 'The device given at creation ("" where not given; no capture SDK agent is recorded).',
          items: { type: 'object', properties: { agent: { type: 'string' }, agent_version: { type: 'string' }, platform: { type: 'string' }, platform_version: { type: 'string' }, model: { type: 'string' }, ip: { type: 'null' } } },
        },
        state: ref('UserState'),
      },
    },
    selfies: { type: 'array', items: ref('Selfie') },
    documents: { type: 'array', maxItems: 0 },
    other_trusted_documents: { type: 'array', maxItems: 0 },
    events: { type: 'array', maxItems: 0 },
  },
};
const authentication = {
  type: 'object',
  required: ['authentication_id', 'created_at', 'face_liveness', 'face_matching', 'challenge', 'media'],
  properties: {
    authentication_id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    face_liveness: nullable('number'),
    face_matching: nullable('number'),
    checks: { type: 'array', items: ref('Check') },
    challenge: challengeOrNull,
    media: { type: 'object', description: 'Empty once the video was destroyed (retention or withdrawal); the scores stay.', properties: { video: ref('MediaRef') } },
    media_expires_at: { type: 'string', format: 'date-time', description: 'When the video is destroyed: created_at plus the authentication-video retention.' },
    media_destroyed_at: { type: ['string', 'null'], format: 'date-time', description: 'When it was destroyed; null while it exists.' },
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
  ChallengeResult: challengeResult,
  MediaRef: mediaRef,
  UserState: userState,
  UserSummary: userSummary,
  UserStatus: userStatus,
  Selfie: selfie,
  Report: report,
  Authentication: authentication,
  Error: error,
  ...privacySchemas,
};
