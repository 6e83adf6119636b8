// The typed Onboarding API client: one method per endpoint of the contract.
import { isIP } from 'node:net';
import { TokenProvider, type TokenKind } from './auth.js';
import { invalidArgument } from './errors.js';
import { prepareMedia } from './media.js';
import { resolveOptions } from './options.js';
import { pagingQuery, usersQuery } from './query.js';
import { checkId, mediaId, request } from './request-helpers.js';
import { arrayField, jsonObject, jsonString, numberField, objectField, stringField } from './response.js';
import { TokenCache } from './token-cache.js';
import { Transport, type HttpMethod, type HttpRequest, type HttpResponse } from './transport.js';
import type {
  Challenge, ChangedBy,
  AddSelfieResult, Authentication, AuthenticationsPage, AuthenticationsQuery, DownloadedMedia, Healthcheck,
  MediaInput, MediaOptions, NewUser, OnboardingClientOptions, Page, Report, UserState, UserStatus, UserSummary, UsersQuery, UsersStats,
  BiometricsDeleted, MediaAccess, MediaAccessPage, MediaAccessQuery, Retention, UserExport,
} from './types.js';

export class OnboardingClient {
  /** The base URL every path is relative to, without a trailing slash. */
  readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly tokens: TokenProvider;

  constructor(options: OnboardingClientOptions) {
    const resolved = resolveOptions(options);
    this.baseUrl = resolved.baseUrl;
    this.transport = new Transport(resolved);
    this.tokens = new TokenProvider(this.transport, new TokenCache(resolved.now, resolved.maxCachedTokens), resolved.apiKey);
  }

  async healthcheck(): Promise<Healthcheck> {
    const body = jsonObject('healthcheck', await this.transport.send(request('healthcheck', 'GET', '/healthcheck')));
    const version = body.version;
    return { status: stringField('healthcheck', body, 'status'), ...(typeof version === 'string' ? { version } : {}) };
  }

  /** A user token for the browser (add selfie, authenticate, status); valid at least 60 s more. */
  async createUserToken(userId: string): Promise<string> {
    return this.tokens.token('user', checkId('createUserToken', userId), 'createUserToken');
  }

  async createUser(user: NewUser = {}): Promise<string> {
    const fields: Array<[string, string | undefined]> = [
      ['email', user.email], ['first_name', user.firstName], ['last_name', user.lastName],
      ['device_platform', user.device?.platform], ['device_platform_version', user.device?.platformVersion], ['device_model', user.device?.model],
    ];
    const body = () => {
      const form = new FormData();
      for (const [name, value] of fields) if (value !== undefined) form.append(name, value);
      return form;
    };
    const response = await this.call('backend', undefined, { ...request('createUser', 'POST', '/user'), body });
    return stringField('createUser', jsonObject('createUser', response), 'user_id');
  }

  async deleteUser(userId: string): Promise<void> {
    await this.userCall(userId, 'deleteUser', 'DELETE', '/user');
  }

  async getUserStatus(userId: string): Promise<UserStatus> {
    const body = jsonObject('getUserStatus', await this.userCall(userId, 'getUserStatus', 'GET', '/user/status'));
    return objectField<UserStatus>('getUserStatus', body, 'user');
  }

  async getUsers(query?: UsersQuery): Promise<Page<UserSummary>> {
    return this.usersPage<UserSummary>('getUsers', '/users', query);
  }

  async getUsersStatus(query?: UsersQuery): Promise<Page<UserStatus>> {
    return this.usersPage<UserStatus>('getUsersStatus', '/users/status', query);
  }

  async getUsersStats(): Promise<UsersStats> {
    const op = 'getUsersStats';
    return objectField<UsersStats>(op, jsonObject(op, await this.call('backend', undefined, request(op, 'GET', '/users/stats'))), 'stats');
  }

  /** The user state (NOT_STARTED, IN_PROGRESS, TO_REVIEW, ACCEPTED, REJECTED); who set it is in getUserStatus. */
  async getUserState(userId: string): Promise<UserState> {
    const op = 'getUserState';
    return jsonString(op, await this.userCall(userId, op, 'GET', '/user/state')) as UserState;
  }

  /** ACCEPTED enables face login, REJECTED disables it; the other states must match the selfies (409 STATE_CONFLICT). */
  async updateUserState(userId: string, state: UserState, by: ChangedBy = {}): Promise<void> {
    await this.userCall(userId, 'updateUserState', 'PATCH', '/user/state', undefined, { state, ...changedBy(by) });
  }

  async addSelfie(userId: string, media: MediaInput, options?: MediaOptions): Promise<AddSelfieResult> {
    const response = await this.upload(userId, 'addSelfie', '/user/selfie', media, options);
    const body = jsonObject('addSelfie', response);
    stringField('addSelfie', body, 'selfie_id');
    return body as unknown as AddSelfieResult;
  }

  /** Voids the selfies; `by` is recorded as the last change of the user state. */
  async voidSelfie(userId: string, by?: ChangedBy): Promise<void> {
    await this.userCall(userId, 'voidSelfie', 'PATCH', '/user/selfie', undefined, by && changedBy(by));
  }

  /** Deletes every selfie of the user, or the one with `selfieId`. */
  async deleteSelfie(userId: string, selfieId?: string): Promise<void> {
    const path = selfieId === undefined ? '/user/selfie' : `/user/selfie/${encodeURIComponent(checkId('deleteSelfie', selfieId, 'selfieId'))}`;
    await this.userCall(userId, 'deleteSelfie', 'DELETE', path);
  }

  async getReport(userId: string): Promise<Report> {
    const body = jsonObject('getReport', await this.userCall(userId, 'getReport', 'GET', '/user/report'));
    return objectField<Report>('getReport', body, 'report');
  }

  /** Face login on (the user state becomes ACCEPTED); `by` is recorded with it. */
  async enableAuthentication(userId: string, by?: ChangedBy): Promise<void> {
    await this.userCall(userId, 'enableAuthentication', 'POST', '/user/authentication/enable', undefined, by && changedBy(by));
  }

  /** Face login off (the user state follows the selfies again); `by` is recorded with it. */
  async disableAuthentication(userId: string, by?: ChangedBy): Promise<void> {
    await this.userCall(userId, 'disableAuthentication', 'POST', '/user/authentication/disable', undefined, by && changedBy(by));
  }

  /** The older name of enableAuthentication (`POST /user/authorize`). */
  async authorizeUser(userId: string): Promise<void> {
    await this.userCall(userId, 'authorizeUser', 'POST', '/user/authorize');
  }

  /** The older name of disableAuthentication (`POST /user/deauthorize`). */
  async deauthorizeUser(userId: string): Promise<void> {
    await this.userCall(userId, 'deauthorizeUser', 'POST', '/user/deauthorize');
  }

  /**
   * Asks for an active-liveness challenge for the user (self-hosted server): 2-3 steps to show while
   * recording, single use, valid about 60 s. Send its `challenge_id` with `authenticate` or `addSelfie`.
   */
  async createChallenge(userId: string): Promise<Challenge> {
    const op = 'createChallenge';
    const body = jsonObject(op, await this.userCall(userId, op, 'POST', '/user/challenge'));
    return { challenge_id: stringField(op, body, 'challenge_id'), steps: arrayField<Challenge['steps'][number]>(op, body, 'steps'), expires_at: stringField(op, body, 'expires_at') };
  }

  /** Uploads a login video; the API answers with the id the backend then verifies. */
  async authenticate(userId: string, media: MediaInput, options?: MediaOptions): Promise<string> {
    const response = await this.upload(userId, 'authenticate', '/user/authenticate', media, options);
    return stringField('authenticate', jsonObject('authenticate', response), 'authentication_id');
  }

  async getAuthentications(userId: string, query?: AuthenticationsQuery): Promise<AuthenticationsPage> {
    const op = 'getAuthentications';
    const response = await this.userCall(userId, op, 'GET', '/user/authentications', pagingQuery(query));
    const body = jsonObject(op, response);
    const authentications = arrayField<Authentication>(op, body, 'authentications');
    return { authentications, total: numberField(op, body, 'total'), version: numberField(op, body, 'version', 1) };
  }

  /** Ids of every authentication of the user, newest first. */
  async getAuthenticationIds(userId: string): Promise<string[]> {
    const op = 'getAuthenticationIds';
    return arrayField<string>(op, jsonObject(op, await this.userCall(userId, op, 'GET', '/user/authentications/ids')), 'authentication_ids');
  }

  async getAuthentication(userId: string, authenticationId: string): Promise<Authentication> {
    const op = 'getAuthentication';
    const path = `/user/authentication/${encodeURIComponent(checkId(op, authenticationId, 'authenticationId'))}`;
    return objectField<Authentication>(op, jsonObject(op, await this.userCall(userId, op, 'GET', path)), 'authentication');
  }

  /** Downloads a media file by id or by the `href` a report or authentication gave. */
  async downloadMedia(userId: string, mediaIdOrHref: string): Promise<DownloadedMedia> {
    const op = 'downloadMedia';
    const path = `/media/${encodeURIComponent(mediaId(op, mediaIdOrHref))}/download`;
    const response = await this.call('backend_user', checkId(op, userId), {
      ...request(op, 'GET', path), headers: { accept: '*/*' },
    });
    return { data: response.body, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
  }

  /** The self-hosted server's retention schedule (no token needed). */
  async getRetention(): Promise<Retention> {
    const op = 'getRetention';
    return objectField<Retention>(op, jsonObject(op, await this.transport.send(request(op, 'GET', '/retention'))), 'retention');
  }

  /**
   * Withdrawal of consent (self-hosted server): every selfie and template of the user deleted, every
   * authentication video destroyed (scores kept), face login off; `by` is recorded with the change.
   */
  async deleteBiometrics(userId: string, by?: ChangedBy): Promise<BiometricsDeleted> {
    const op = 'deleteBiometrics';
    const body = jsonObject(op, await this.userCall(userId, op, 'DELETE', '/user/biometrics', undefined, by && changedBy(by)));
    return { selfies_deleted: numberField(op, body, 'selfies_deleted'), videos_destroyed: numberField(op, body, 'videos_destroyed') };
  }

  /** Everything the self-hosted server holds about the user; media as links for downloadMedia. */
  async exportUser(userId: string): Promise<UserExport> {
    const op = 'exportUser';
    return objectField<UserExport>(op, jsonObject(op, await this.userCall(userId, op, 'GET', '/user/export')), 'export');
  }

  /** Downloads of media (self-hosted server), newest first: who (token kind, API key), which, when. */
  async getMediaAccess(query: MediaAccessQuery = {}): Promise<MediaAccessPage> {
    const op = 'getMediaAccess';
    const q = pagingQuery(query);
    if (query.userId !== undefined) q.set('user_id', checkId(op, query.userId));
    const body = jsonObject(op, await this.call('backend', undefined, { ...request(op, 'GET', '/media_access'), query: q }));
    return {
      media_access: arrayField<MediaAccess>(op, body, 'media_access'),
      total: numberField(op, body, 'total'),
      page: numberField(op, body, 'page', query.page ?? 1),
      pageSize: numberField(op, body, 'page_size', query.pageSize ?? 20),
    };
  }

  private call(kind: TokenKind, userId: string | undefined, req: HttpRequest): Promise<HttpResponse> {
    return this.tokens.send(kind, userId, req);
  }

  private userCall(userId: string, op: string, method: HttpMethod, path: string, query?: URLSearchParams, json?: object): Promise<HttpResponse> {
    const req = request(op, method, path);
    const body = json && (() => JSON.stringify(json));
    return this.call('backend_user', checkId(op, userId), {
      ...req, ...(query ? { query } : {}), ...(body ? { body, headers: { ...req.headers, 'content-type': 'application/json' } } : {}),
    });
  }

  private async upload(userId: string, op: string, path: string, media: MediaInput, options: MediaOptions = {}): Promise<HttpResponse> {
    checkId(op, userId);
    if (options.clientAddress !== undefined && isIP(options.clientAddress) === 0) {
      throw invalidArgument(op, `The clientAddress must be an IPv4 or IPv6 address, received ${JSON.stringify(options.clientAddress)}.`);
    }
    const { blob, filename } = await prepareMedia(op, media, options);
    const body = () => {
      const form = new FormData();
      form.append('video', blob, filename);
      if (options.challengeId !== undefined) form.append('challenge_id', options.challengeId);
      return form;
    };
    const req = request(op, 'POST', path);
    const headers = options.clientAddress === undefined ? req.headers : { ...req.headers, 'x-forwarded-for': options.clientAddress };
    return this.call(options.asUser ? 'user' : 'backend_user', userId, { ...req, ...(headers ? { headers } : {}), body });
  }

  private async usersPage<T>(op: string, path: string, query?: UsersQuery): Promise<Page<T>> {
    const body = jsonObject(op, await this.call('backend', undefined, { ...request(op, 'GET', path), query: usersQuery(query) }));
    return {
      users: arrayField<T>(op, body, 'users'),
      total: numberField(op, body, 'total'),
      page: numberField(op, body, 'page', query?.page ?? 1),
      pageSize: numberField(op, body, 'page_size', query?.pageSize ?? 20),
    };
  }
}

function changedBy(by: ChangedBy): Record<string, unknown> {
  return { ...(by.operator === undefined ? {} : { operator: by.operator }), ...(by.updateReasons === undefined ? {} : { update_reasons: by.updateReasons }) };
}
