import type { OnboardingClient, UserStatus, UsersQuery } from '@alice-face/onboarding-client';
import type { Check, DetailResponse, QueueResponse, QueueRow, QueueState, Thresholds } from './api-types.js';
import { toAuthenticationView, toQueueRow, toSelfieViews, rewriteHrefs } from './views.js';

const STATE_QUERY: Record<QueueState, Pick<UsersQuery, 'authorized' | 'filterField' | 'filterValue'>> = {
  // TO_REVIEW: a valid selfie, face login off, not rejected (the onboarding server derives it).
  awaiting: { filterField: 'user_state', filterValue: 'TO_REVIEW' },
  authorized: { authorized: true },
  voided: { filterField: 'state', filterValue: 'SELFIE_VOIDED' },
  no_selfie: { filterField: 'state', filterValue: 'NO_SELFIE' },
  all: {},
};

function matchesState(user: UserStatus, state: QueueState): boolean {
  switch (state) {
    case 'awaiting':
      return user.user_state.value === 'TO_REVIEW';
    case 'authorized':
      return user.authorized;
    case 'voided':
      return user.state === 'SELFIE_VOIDED';
    case 'no_selfie':
      return user.state === 'NO_SELFIE';
    case 'all':
      return true;
  }
}

/** Most users a search looks at; a narrower search finds the rest. */
export const SEARCH_LIMIT = 1000;

export interface QueueQuery {
  state: QueueState;
  search?: string | undefined;
  page: number;
  pageSize: number;
}

/** Reads the review queue and one enrollment's detail from the onboarding server. */
export class QueueService {
  /** Checks of each user's latest selfie, keyed by what changes when selfies change, so polling re-reads few reports. */
  private readonly checksCache = new Map<string, { key: string; checks: Check[] }>();

  constructor(
    private readonly client: OnboardingClient,
    private readonly thresholds: Thresholds,
  ) {}

  async list(q: QueueQuery): Promise<QueueResponse> {
    const base: UsersQuery = { page: q.page, pageSize: q.pageSize, descending: true, sortBy: 'created_at', ...STATE_QUERY[q.state] };
    if (!q.search) {
      const page = await this.client.getUsersStatus(base);
      return { rows: await this.withChecks(page.users), total: page.total, page: page.page, page_size: page.pageSize };
    }
    // The API filters on one field at a time: search by email there (a
    // substring match), then apply the state filter here over the matches,
    // read 100 at a time up to SEARCH_LIMIT.
    const found: UserStatus[] = [];
    for (let page = 1; found.length < SEARCH_LIMIT; page++) {
      const res = await this.client.getUsersStatus({
        page,
        pageSize: 100,
        descending: true,
        sortBy: 'created_at',
        filterField: 'email',
        filterValue: q.search,
        ...(base.authorized === undefined ? {} : { authorized: base.authorized }),
      });
      found.push(...res.users);
      if (res.users.length < 100 || found.length >= res.total) break;
    }
    const matching = found.filter((u) => matchesState(u, q.state));
    const start = (q.page - 1) * q.pageSize;
    return {
      rows: await this.withChecks(matching.slice(start, start + q.pageSize)),
      total: matching.length,
      page: q.page,
      page_size: q.pageSize,
    };
  }

  async detail(userId: string): Promise<DetailResponse> {
    const [status, report, auths] = await Promise.all([
      this.client.getUserStatus(userId),
      this.client.getReport(userId),
      this.client.getAuthentications(userId, { page: 1, pageSize: 50, descending: true }),
    ]);
    const selfies = toSelfieViews(report);
    const latestValid = selfies.find((s) => !s.voided);
    return {
      user: toQueueRow(status, latestValid?.checks ?? []),
      selfies,
      authentications: auths.authentications.map((a) => toAuthenticationView(userId, a, this.thresholds)),
      authentications_total: auths.total,
      report: rewriteHrefs(report, userId),
    };
  }

  private async withChecks(users: UserStatus[]): Promise<QueueRow[]> {
    const rows: QueueRow[] = [];
    // A few reports at a time: a page is at most 100 users and most are cached.
    for (let i = 0; i < users.length; i += 5) {
      const batch = users.slice(i, i + 5);
      rows.push(...(await Promise.all(batch.map(async (u) => toQueueRow(u, await this.checksOf(u))))));
    }
    return rows;
  }

  private async checksOf(user: UserStatus): Promise<Check[]> {
    if (user.selfies === 0) return [];
    const key = `${user.last_selfie_at}|${user.selfies}|${user.valid_selfies}`;
    const cached = this.checksCache.get(user.user_id);
    if (cached?.key === key) return cached.checks;
    try {
      const selfies = toSelfieViews(await this.client.getReport(user.user_id));
      const checks = (selfies.find((s) => !s.voided) ?? selfies[0])?.checks ?? [];
      if (this.checksCache.size >= 1000) this.checksCache.delete(this.checksCache.keys().next().value as string);
      this.checksCache.set(user.user_id, { key, checks });
      return checks;
    } catch {
      // The row still shows without its checks (e.g. the user was deleted meanwhile).
      return [];
    }
  }
}
