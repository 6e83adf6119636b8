// Wire types of the self-hosted server's privacy endpoints (docs/CONTRACT.md,
// "Privacy"): the retention schedule, withdrawal, the export and the media
// download log. The hosted Alice API has none of them.
import type { Authentication, IsoDate, Report, UserStatus } from './types.js';

/** How long the server keeps biometric media (GET /retention). */
export interface Retention {
  authentication_video_days: number;
  voided_selfie_days: number;
  challenge_days: number;
  /** Valid selfies are kept while they are the enrollment's reference. */
  valid_selfies: string;
}

/** What a withdrawal (DELETE /user/biometrics) removed. */
export interface BiometricsDeleted {
  selfies_deleted: number;
  videos_destroyed: number;
}

/** One media file of the user in the export; `href` null once destroyed. */
export interface ExportedMedia {
  id: string;
  kind: 'cropped_face' | 'video';
  content_type: string;
  extension: string;
  size: number;
  created_at: IsoDate;
  destroyed_at: IsoDate | null;
  href: string | null;
}

/** One download of a user's media: who (token kind, API key), which, when. */
export interface MediaAccess {
  id: string;
  at: IsoDate;
  user_id: string;
  media_id: string;
  media_kind: 'cropped_face' | 'video';
  token_kind: 'backend_user' | 'user';
  api_key: { id: string; name: string | null } | null;
}

/** GET /user/export: everything the server holds about the user; media as links. */
export interface UserExport {
  version: 1;
  exported_at: IsoDate;
  retention: Retention;
  user: UserStatus;
  report: Report;
  /** Oldest first, with scores. */
  authentications: Authentication[];
  media: ExportedMedia[];
  /** Newest first. */
  media_access: MediaAccess[];
}

export interface MediaAccessQuery {
  page?: number;
  /** 1-100, or 0 for every entry. */
  pageSize?: number;
  /** One user's downloads only. */
  userId?: string;
}

export interface MediaAccessPage {
  media_access: MediaAccess[];
  total: number;
  page: number;
  pageSize: number;
}
