// Shared set-up: a fake upstream, a controllable clock, and clients pointed at it.
import { OnboardingClient, type OnboardingClientOptions } from '../../src/index.js';
import { FakeApi } from './fake-api.js';

export class Clock {
  constructor(public ms = Date.parse('2026-01-01T00:00:00Z')) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Records the waits between retries instead of sleeping, so tests never depend on wall time. */
export class SleepRecorder {
  readonly waits: number[] = [];
  readonly sleep = async (ms: number): Promise<void> => {
    this.waits.push(ms);
  };
}

export interface Harness {
  api: FakeApi;
  clock: Clock;
  sleeps: SleepRecorder;
  client(options?: Partial<OnboardingClientOptions>): OnboardingClient;
}

export async function startHarness(): Promise<Harness> {
  const clock = new Clock();
  const api = await FakeApi.start(clock.now);
  const sleeps = new SleepRecorder();
  return {
    api,
    clock,
    sleeps,
    client: (options = {}) =>
      new OnboardingClient({ apiKey: api.apiKey, baseUrl: api.url, now: clock.now, sleep: sleeps.sleep, ...options }),
  };
}
