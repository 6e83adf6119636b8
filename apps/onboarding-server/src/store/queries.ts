// The store's SQL, shared by the SQLite and PostgreSQL stores: one text per
// query, so both databases answer the same question the same way. Written in
// the SQL both accept (`@name` and `?` parameters; the PostgreSQL store
// numbers them, see postgres-params.ts). Timestamps are ISO-8601 text, which
// sorts in time order; booleans are 0/1 integers.
import { userStatusSql, USERS_STATS_SQL } from './sqlite-users-query.js';

export const Q = {
  addKey: `INSERT INTO api_keys (id, name, prefix, hash, created_at) VALUES (@id, @name, @prefix, @hash, @createdAt)
    ON CONFLICT (hash) DO NOTHING`,
  keyByHash: `SELECT * FROM api_keys WHERE hash = ?`,
  keys: `SELECT * FROM api_keys ORDER BY created_at, id`,
  revokeKey: `UPDATE api_keys SET revoked_at = @at WHERE (id = @k OR prefix = @k) AND revoked_at IS NULL`,

  addUser: `INSERT INTO users (id, email, first_name, last_name, created_at, authorized, report_id, device_platform, device_platform_version, device_model)
    VALUES (@id, @email, @firstName, @lastName, @createdAt, @authorized, @reportId, @devicePlatform, @devicePlatformVersion, @deviceModel)`,
  user: `SELECT * FROM users WHERE id = ?`,
  userStatus: userStatusSql('WHERE u.id = ?'),
  usersStats: USERS_STATS_SQL,
  /** Every change of state goes through this one update (enable, disable, void, PATCH /user/state); null leaves a flag as it is. */
  updateState: `UPDATE users SET authorized = COALESCE(@authorized, authorized), rejected = COALESCE(@rejected, rejected),
    state_operator = @operator, state_update_reasons = @reasons, state_updated_at = @at WHERE id = @id`,
  userState: `SELECT user_state FROM (${userStatusSql('WHERE u.id = ?')}) us`,
  userMedia: `SELECT id FROM media WHERE user_id = ?`,
  deleteUser: `DELETE FROM users WHERE id = ?`,

  addMedia: `INSERT INTO media (id, user_id, kind, content_type, extension, size, created_at)
    VALUES (@id, @userId, @kind, @contentType, @extension, @size, @createdAt)`,
  media: `SELECT * FROM media WHERE id = ? AND user_id = ?`,
  /** Media whose files should exist (destroyed ones left out), for the start-up sweep. */
  allMedia: `SELECT id FROM media WHERE destroyed_at IS NULL`,
  userMediaRows: `SELECT * FROM media WHERE user_id = ? ORDER BY created_at, id`,

  addSelfie: `INSERT INTO selfies (id, user_id, created_at, liveness, voided, number_of_faces, checks, template, template_version, cropped_face_media_id, challenge_id, challenge_result)
    VALUES (@id, @userId, @createdAt, @liveness, 0, @numberOfFaces, @checks, @template, @templateVersion, @croppedFaceMediaId, @challengeId, @challengeResult)`,
  selfies: `SELECT s.*, m.destroyed_at AS media_destroyed_at FROM selfies s JOIN media m ON m.id = s.cropped_face_media_id
    WHERE s.user_id = ? ORDER BY s.created_at, s.id`,
  voidSelfies: `UPDATE selfies SET voided = 1, voided_at = @at WHERE user_id = @userId AND voided = 0`,
  selfieMedia: `SELECT cropped_face_media_id FROM selfies WHERE user_id = ?`,
  deleteSelfieMedia: `DELETE FROM media WHERE id IN (SELECT cropped_face_media_id FROM selfies WHERE user_id = ?)`,
  oneSelfieMedia: `SELECT cropped_face_media_id FROM selfies WHERE id = ? AND user_id = ?`,
  deleteMedia: `DELETE FROM media WHERE id = ?`,
  templates: `SELECT template, template_version FROM selfies WHERE user_id = ? AND voided = 0`,

  addChallenge: `INSERT INTO challenges (id, user_id, steps, created_at, expires_at) VALUES (@id, @userId, @steps, @createdAt, @expiresAt)`,
  challenge: `SELECT * FROM challenges WHERE id = ? AND user_id = ?`,
  /** One statement, so two instances taking the same challenge at once cannot both get it unused. */
  useChallenge: `UPDATE challenges SET used_at = @at WHERE id = @id AND user_id = @userId AND used_at IS NULL RETURNING *`,

  addAuth: `INSERT INTO authentications (id, user_id, created_at, face_liveness, face_matching, passed, checks, video_media_id, challenge_id, challenge_result, client_key)
    VALUES (@id, @userId, @createdAt, @faceLiveness, @faceMatching, @passed, @checks, @videoMediaId, @challengeId, @challengeResult, @clientKey)`,
  auth: `SELECT a.*, m.extension AS video_extension, m.destroyed_at AS video_destroyed_at FROM authentications a JOIN media m ON m.id = a.video_media_id WHERE a.id = ? AND a.user_id = ?`,
  authsAsc: `SELECT a.*, m.extension AS video_extension, m.destroyed_at AS video_destroyed_at FROM authentications a JOIN media m ON m.id = a.video_media_id WHERE a.user_id = ? ORDER BY a.created_at ASC, a.id ASC LIMIT ? OFFSET ?`,
  authsDesc: `SELECT a.*, m.extension AS video_extension, m.destroyed_at AS video_destroyed_at FROM authentications a JOIN media m ON m.id = a.video_media_id WHERE a.user_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?`,
  authCount: `SELECT COUNT(*) AS n FROM authentications WHERE user_id = ?`,
  authIds: `SELECT id FROM authentications WHERE user_id = ? ORDER BY created_at DESC, id DESC`,

  /** What counts against the failed-authentication limit: failures in the window and attempts still in flight. */
  attemptsSince: `SELECT created_at AS at, client_key FROM authentications WHERE user_id = @userId AND passed = 0 AND created_at > @since
    UNION ALL SELECT started_at AS at, client_key FROM authentication_attempts WHERE user_id = @userId AND started_at > @since
    ORDER BY at`,
  dropOldAttempts: `DELETE FROM authentication_attempts WHERE user_id = @userId AND started_at <= @since`,
  addAttempt: `INSERT INTO authentication_attempts (id, user_id, started_at, client_key) VALUES (@id, @userId, @startedAt, @clientKey)`,
  endAttempt: `DELETE FROM authentication_attempts WHERE id = ?`,
} as const;
