// Response bodies shaped exactly as docs/CONTRACT.md, for the fake upstream to send.
export function userSummary(userId: string, email: string | null = null) {
  return { user_id: userId, email, first_name: null, last_name: null, created_at: '2026-01-01T00:00:00.000Z' };
}

export function userStatus(userId: string, baseUrl: string) {
  return {
    ...userSummary(userId, 'a@example.com'),
    authorized: true,
    state: 'SELFIE_VALID',
    user_state: { value: 'ACCEPTED', operator: 'auto', update_reasons: null, updated_at: '2026-01-01T00:02:00.000Z' },
    device: { platform: 'Android', platform_version: '14', model: 'Pixel 8' },
    face_liveness: 87.5,
    selfies: 1,
    valid_selfies: 1,
    authentications: 2,
    last_selfie_at: '2026-01-01T00:01:00.000Z',
    last_authentication_at: null,
    cropped_face: { href: `${baseUrl}/media/face-1/download`, extension: 'jpeg', objects: null },
  };
}

export function report(userId: string, baseUrl: string) {
  const checks = [{ key: 'liveness', value: 87.5, detail: 'Head turn and blinks seen.' }];
  return {
    id: `report-${userId}`,
    user_id: userId,
    version: 1,
    created_at: '2026-01-01T00:02:00.000Z',
    summary: {
      result: { selfie_security: 'ok', document_security: 'n/a', document_read: 'n/a', process_security: 'n/a' },
      face_liveness: 87.5,
      face_matching: [],
      checks,
      user_data: [],
      external_user_data: { email: 'a@example.com', first_name: null, last_name: null },
      sessions: 0,
      sessions_until_first_succeeded_onboarding: null,
      devices: [{ agent: '', agent_version: '', platform: 'Android', platform_version: '14', model: 'Pixel 8', ip: null }],
      state: { value: 'ACCEPTED', operator: 'auto', update_reasons: null, updated_at: '2026-01-01T00:02:00.000Z' },
    },
    selfies: [
      {
        id: 'selfie-1',
        created_at: '2026-01-01T00:01:00.000Z',
        liveness: 87.5,
        voided: false,
        number_of_faces: 1,
        checks,
        media: { cropped_face: { href: `${baseUrl}/media/face-1/download`, extension: 'jpeg', objects: null } },
      },
    ],
    documents: [],
    other_trusted_documents: [],
    events: [],
  };
}

export function authentication(id: string, baseUrl: string) {
  return {
    authentication_id: id,
    created_at: '2026-01-01T00:03:00.000Z',
    face_liveness: 91,
    face_matching: null,
    media: { video: { extension: 'mp4', href: `${baseUrl}/media/video-${id}/download`, objects: null } },
  };
}
