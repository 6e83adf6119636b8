// Where deliveries may go. A post_url must be https, or http to a host the
// operator lists (ONBOARDING_WEBHOOK_HTTP_HOSTS); unless
// ONBOARDING_WEBHOOK_ALLOW_PRIVATE is set, it must not reach a loopback,
// private, link-local, shared, reserved or multicast address. Checked when a
// webhook is saved (the name resolved then) and again at every delivery,
// through the connection's own DNS lookup, so a name that later resolves
// inward (DNS rebinding) is refused at the moment it would be used.
import { lookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface TargetPolicy {
  /** Loopback, private and link-local targets allowed (development, the demo). */
  allowPrivate: boolean;
  /** Hosts http (not https) may be used for, lower-case. */
  httpHosts: readonly string[];
}

const INWARD = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) INWARD.addSubnet(net, bits, 'ipv4'); // IPv4 rules also match IPv4-mapped IPv6 (::ffff:a.b.c.d)
for (const [net, bits] of [['::', 128], ['::1', 128], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  INWARD.addSubnet(net, bits, 'ipv6');
}

export function isInwardAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && INWARD.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a post_url may not be used, by reason; the message starts with a capital letter. */
export class TargetRefused extends Error {
  constructor(
    readonly reason: 'not_a_url' | 'scheme' | 'credentials' | 'private_address' | 'unresolvable',
    message: string,
  ) {
    super(message);
    this.name = 'TargetRefused';
  }
}

const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** The checks that need no DNS: a URL, its scheme, no credentials, an address literal not inward. */
export function checkTarget(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('not_a_url', 'The post_url is not an absolute URL.');
  }
  const host = bareHost(url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.httpHosts.includes(host))) {
    throw new TargetRefused('scheme', `The post_url must be https (http only to a host listed in ONBOARDING_WEBHOOK_HTTP_HOSTS), not ${url.protocol.replace(':', '')} to ${host}.`);
  }
  if (url.username || url.password) throw new TargetRefused('credentials', 'The post_url must not carry a user name or password: send a key with api_key instead.');
  if (!policy.allowPrivate && isInwardAddress(host)) throw refusedAddress(host);
  return url;
}

/** checkTarget, then (names only) every address the name resolves to now. */
export async function checkTargetResolved(raw: string, policy: TargetPolicy): Promise<URL> {
  const url = checkTarget(raw, policy);
  const host = bareHost(url);
  if (policy.allowPrivate || isIP(host) !== 0) return url;
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    lookup(host, { all: true }, (err, found) => (err ? reject(new TargetRefused('unresolvable', `The post_url's host ${host} could not be resolved (${err.code ?? err.message}).`)) : resolve(found))),
  );
  const inward = addresses.find((a) => isInwardAddress(a.address));
  if (inward) throw refusedAddress(host, inward.address);
  return url;
}

/** The connection's DNS lookup for deliveries: the same resolution, refusing inward addresses unless allowed. */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const inward = policy.allowPrivate ? undefined : addresses.find((a) => isInwardAddress(a.address));
      if (inward) return callback(refusedAddress(hostname, inward.address) as NodeJS.ErrnoException, '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}.`), { code: 'ENOTFOUND' }), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

function refusedAddress(host: string, address = host): TargetRefused {
  const where = address === host ? host : `${host} (${address})`;
  return new TargetRefused('private_address', `The post_url reaches ${where}, a loopback, private or link-local address; set ONBOARDING_WEBHOOK_ALLOW_PRIVATE to allow it.`);
}
