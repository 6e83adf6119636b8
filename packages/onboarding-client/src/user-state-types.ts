// The user state of Alice's SDKs as the Onboarding API sends it (docs/CONTRACT.md), and the users stats.
import type { IsoDate } from './types.js';

/** The onboarding state of Alice's SDKs: ACCEPTED while face login is enabled, REJECTED after a rejection, otherwise from the selfies. */
export type UserState = 'NOT_STARTED' | 'IN_PROGRESS' | 'TO_REVIEW' | 'ACCEPTED' | 'REJECTED';

/** Reasons given with a state change, as objects of strings (e.g. `{ reason: '…' }`). */
export type UpdateReasons = Array<Record<string, string>>;

/** The user state with the last change of it: who made it (enable, disable, void, updateUserState), why and when; null before any. */
export interface UserStateInfo {
  value: UserState;
  operator: string | null;
  update_reasons: UpdateReasons | null;
  updated_at: IsoDate | null;
}

/** Who makes a state change (enable, disable, void, updateUserState), and why; the operator defaults to "auto". */
export interface ChangedBy {
  operator?: string;
  updateReasons?: UpdateReasons;
}

export interface Device {
  platform: string | null;
  platform_version: string | null;
  model: string | null;
}

export interface UsersStats {
  total: number;
  authorized: number;
  with_selfie: number;
  with_valid_selfie: number;
  states: Record<UserState, number>;
}
