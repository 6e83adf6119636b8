// The benchmark's upstream, in its own process so that it does not share an
// event loop with the app being measured. It answers every id of the form
// `bench-<user>-<n>` asked by that user with a fresh passing authentication,
// and reports its request counts over IPC.
import { cannedAuthentication, startUpstream } from '../test/support/upstream.js';

const USERS = Number(process.env.BENCH_USERS ?? 20);

const upstream = await startUpstream({
  synthesize: (id, userId) => (id.startsWith(`bench-${userId}-`) ? cannedAuthentication(id, { liveness: 90, matching: 85 }, 1) : undefined),
});
for (let i = 0; i < USERS; i++) upstream.addUser(`u${i}`);

process.on('message', (message: string) => {
  if (message === 'counts') process.send?.({ counts: { ...upstream.counts } });
  if (message === 'close') void upstream.close().then(() => process.exit(0));
});
// Also when the parent goes away without saying so (crash, Ctrl-C).
process.on('disconnect', () => void upstream.close().then(() => process.exit(0)));
process.send?.({ url: upstream.url, apiKey: upstream.apiKey });
