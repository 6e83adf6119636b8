// JSON Schemas of the privacy endpoints' shapes: the retention schedule, the
// export and the media download log (docs/CONTRACT.md, "Privacy").
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const date = { type: 'string', format: 'date-time' };
const dateOrNull = { type: ['string', 'null'], format: 'date-time' };
const obj = (properties: Record<string, object>) => ({ type: 'object', required: Object.keys(properties), properties });

const retention = obj({
  authentication_video_days: { type: 'integer', description: 'Days an authentication video is kept after the authentication.' },
  voided_selfie_days: { type: 'integer', description: 'Days a voided selfie\'s crop and template are kept after it was voided.' },
  challenge_days: { type: 'integer', description: 'Days a challenge is kept after it expired.' },
  valid_selfies: { type: 'string', description: 'Valid selfies are kept while they are the enrollment\'s reference.' },
});
const mediaAccess = obj({
  id: { type: 'string' },
  at: date,
  user_id: { type: 'string' },
  media_id: { type: 'string' },
  media_kind: { enum: ['cropped_face', 'video'] },
  token_kind: { enum: ['backend_user', 'user'], description: 'The token the download was made with.' },
  api_key: { oneOf: [obj({ id: { type: 'string' }, name: { type: ['string', 'null'] } }), { type: 'null' }], description: 'The API key the token was obtained with.' },
});
const mediaItem = obj({
  id: { type: 'string' },
  kind: { enum: ['cropped_face', 'video'] },
  content_type: { type: 'string' },
  extension: { type: 'string' },
  size: { type: 'integer' },
  created_at: date,
  destroyed_at: dateOrNull,
  href: { type: ['string', 'null'], description: 'The download link; null once destroyed.' },
});
const userExport = obj({
  version: { const: 1 },
  exported_at: date,
  retention: ref('Retention'),
  user: ref('UserStatus'),
  report: ref('Report'),
  authentications: { type: 'array', items: ref('Authentication'), description: 'Every authentication, oldest first, with its scores.' },
  media: { type: 'array', items: mediaItem, description: 'Every media file of the user, destroyed ones included (href null).' },
  media_access: { type: 'array', items: ref('MediaAccess'), description: 'Every download of the user\'s media, newest first.' },
});

export const privacySchemas = {
  Retention: retention,
  MediaAccess: mediaAccess,
  Export: userExport,
};
