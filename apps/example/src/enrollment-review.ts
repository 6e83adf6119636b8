// What the backend decides after an enrollment upload, from the report:
// accept the selfie when its face_liveness reaches the threshold; otherwise
// void it and tell the person why, with hints from the quality checks.
interface CheckLike {
  key: string;
  value: number | null;
  detail: string;
}

interface SelfieLike {
  id: string;
  created_at: string;
  liveness: number | null;
  voided: boolean;
  checks: CheckLike[];
}

/** The part of the v1 report this decision reads. */
export interface ReportLike {
  summary: { face_liveness: number | null };
  selfies: SelfieLike[];
}

export interface EnrollmentDecision {
  accepted: boolean;
  liveness: number | null;
  /** Why it was refused (absent when accepted). */
  reason?: string;
  hints: string[];
  /** True when the selfie must be voided so it never serves as a reference. */
  voidSelfie: boolean;
}

const HINTS: Record<string, string> = {
  only_one_face: 'Make sure only your face is in the picture.',
  face_size: 'Come closer so that your face fills the oval.',
  sharpness: 'The video was blurry: hold still and use better light.',
  frontal: 'Look straight at the camera.',
};

function hintsFor(checks: CheckLike[]): string[] {
  const hints: string[] = [];
  for (const check of checks) {
    if (check.value === null || check.value >= 50) continue;
    const hint = HINTS[check.key];
    if (hint) hints.push(hint);
    else if (check.key === 'liveness' && check.detail) hints.push(`What we saw: ${check.detail}`);
  }
  return hints;
}

export function reviewEnrollment(report: ReportLike, selfieId: string | undefined, threshold: number): EnrollmentDecision {
  const valid = report.selfies.filter((s) => !s.voided);
  const latest = [...valid].sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  const selfie = (selfieId ? report.selfies.find((s) => s.id === selfieId) : undefined) ?? latest;
  if (!selfie) {
    return { accepted: false, liveness: null, reason: 'We did not receive your selfie.', hints: [], voidSelfie: false };
  }
  if (selfie.voided) {
    return { accepted: false, liveness: selfie.liveness, reason: 'That selfie was already refused.', hints: [], voidSelfie: false };
  }
  const liveness = selfie.liveness ?? report.summary.face_liveness;
  if (liveness === null || liveness < threshold) {
    return {
      accepted: false,
      liveness,
      reason: "We couldn't confirm that a live person was in front of the camera.",
      hints: hintsFor(selfie.checks),
      voidSelfie: true,
    };
  }
  return { accepted: true, liveness, hints: [], voidSelfie: false };
}
