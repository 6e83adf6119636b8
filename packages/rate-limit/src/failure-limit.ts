// Failed login attempts, counted per subject (the account being logged into)
// and per client address, with one rule for every place that limits them
// (the example app in memory, the onboarding server from its stored rows):
//
// - an address with `perAddress` failures in the window (over all subjects)
//   is refused: a stranger's address is limited hard;
// - a subject with `perSubject` failures in the window is refused, but only to
//   the addresses that failed on it: an address with no failure there (the
//   person, on their own network) still gets through, so a stranger's failures
//   cannot lock the person out.
//
// A stranger with many addresses gets `perSubject` attempts and then one per
// fresh address; that bound is what the rule trades for no lockout.

export interface FailureLimits {
  /** Failures on one subject in the window after which the addresses that failed on it are refused. */
  perSubject: number;
  /** Failures from one address in the window (over all subjects) after which it is refused; 0: no such limit. */
  perAddress: number;
  windowMs: number;
}

export interface Failure {
  /** Time of the failure, ms since the epoch. */
  at: number;
  address: string;
}

/** Ms until the oldest of the last `keep` times leaves the window (the count then drops below `keep`). */
function untilBelow(times: number[], keep: number, windowMs: number, now: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(1, (sorted[sorted.length - keep] ?? now) + windowMs - now);
}

/**
 * Ms `address` must wait before another attempt at the subject whose failures
 * are `subjectFailures`, given `addressFailures` (times, over all subjects);
 * 0 when it may try now. Failures outside the window are ignored.
 */
export function failureWait(limits: FailureLimits, now: number, address: string, subjectFailures: Failure[], addressFailures: number[]): number {
  const since = now - limits.windowMs;
  let wait = 0;
  const fromAddress = addressFailures.filter((t) => t > since);
  if (limits.perAddress > 0 && fromAddress.length >= limits.perAddress) {
    wait = untilBelow(fromAddress, limits.perAddress, limits.windowMs, now);
  }
  const onSubject = subjectFailures.filter((f) => f.at > since);
  const mine = onSubject.filter((f) => f.address === address).map((f) => f.at);
  if (onSubject.length >= limits.perSubject && mine.length > 0) {
    const subjectClears = untilBelow(onSubject.map((f) => f.at), limits.perSubject, limits.windowMs, now);
    const mineLeave = Math.max(...mine) + limits.windowMs - now;
    wait = Math.max(wait, Math.min(subjectClears, mineLeave));
  }
  return wait;
}

/** The rule over failures kept in this process's memory (per process). */
export class FailureLimiter {
  private readonly bySubject = new Map<string, Failure[]>();
  private readonly byAddress = new Map<string, Array<{ at: number; subject: string }>>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Ms `address` must wait before trying `subject` again; 0 when it may try now. */
  wait(subject: string, address: string): number {
    const fromAddress = (this.byAddress.get(address) ?? []).map((f) => f.at);
    return failureWait(this.limits, this.now(), address, this.bySubject.get(subject) ?? [], fromAddress);
  }

  fail(subject: string, address: string): void {
    const at = this.now();
    if (this.bySubject.size + this.byAddress.size > this.maxKeys) this.prune();
    this.bySubject.set(subject, [...this.recent(this.bySubject.get(subject)), { at, address }]);
    this.byAddress.set(address, [...this.recent(this.byAddress.get(address)), { at, subject }]);
  }

  /** A success: `address`'s failures on `subject` are forgotten. */
  forgive(subject: string, address: string): void {
    const onSubject = (this.bySubject.get(subject) ?? []).filter((f) => f.address !== address);
    const fromAddress = (this.byAddress.get(address) ?? []).filter((f) => f.subject !== subject);
    if (onSubject.length) this.bySubject.set(subject, onSubject);
    else this.bySubject.delete(subject);
    if (fromAddress.length) this.byAddress.set(address, fromAddress);
    else this.byAddress.delete(address);
  }

  private recent<T extends { at: number }>(list: T[] | undefined): T[] {
    const since = this.now() - this.limits.windowMs;
    return (list ?? []).filter((f) => f.at > since);
  }

  private prune(): void {
    for (const map of [this.bySubject, this.byAddress] as Map<string, Array<{ at: number }>>[]) {
      for (const [key, list] of map) {
        const kept = this.recent(list);
        if (kept.length) map.set(key, kept);
        else map.delete(key);
      }
    }
  }
}
