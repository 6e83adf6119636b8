// Downloads source files from GitHub at the pinned commits (raw.githubusercontent.com, Git LFS
// pointers followed to media.githubusercontent.com) and cuts clips with the bundled ffmpeg.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPOS, cutArgs } from './sources.mjs';
import { ffmpegPath, run, sha256 } from './verify.mjs';

const FULL_SHA = /^[0-9a-f]{40}$/;

export const isShortCommit = (source) => !FULL_SHA.test(REPOS[source].commit);

/** The raw URL of a file at a commit (the pinned one unless a resolved full SHA is given). */
export function rawUrl(source, path, commit = REPOS[source].commit) {
  return `https://raw.githubusercontent.com/${REPOS[source].repo}/${commit}/${path}`;
}

/** The GitHub API request that turns an abbreviated commit into its full SHA. */
export const resolveUrl = (source) => `https://api.github.com/repos/${REPOS[source].repo}/commits/${REPOS[source].commit}`;

async function download(url, headers = {}) {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(120_000) });
      if (response.status === 404) throw Object.assign(new Error(`HTTP 404 for ${url}`), { final: true });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      lastError = error.message.includes(url) ? error : new Error(`${error.message} for ${url}`, { cause: error.cause ?? error });
      if (error.final) break;
    }
  }
  throw lastError;
}

const resolved = new Map();

/**
 * The full SHA of a source's pinned commit. raw.githubusercontent.com does not reliably accept
 * abbreviations, so those are resolved once through the API; if that fails (rate limit, no
 * network to api.github.com) the abbreviation is used as is: the SHA-256 check still holds.
 */
async function fullCommit(source) {
  const { commit } = REPOS[source];
  if (!isShortCommit(source)) return commit;
  if (!resolved.has(source)) {
    const lookup = download(resolveUrl(source), { accept: 'application/vnd.github.sha' })
      .then((body) => body.toString('utf8').trim())
      .then((sha) => (FULL_SHA.test(sha) && sha.startsWith(commit) ? sha : commit))
      .catch(() => commit);
    resolved.set(source, lookup);
  }
  return resolved.get(source);
}

/** A file at the pinned commit; a Git LFS pointer is followed to the media host and checked. */
export async function fetchSource(source, path) {
  const commit = await fullCommit(source);
  const data = await download(rawUrl(source, path, commit));
  const pointer = data.subarray(0, 200).toString('utf8');
  if (!pointer.startsWith('version https://git-lfs.github.com/spec/v1')) return data;
  const oid = /oid sha256:([0-9a-f]{64})/.exec(pointer)?.[1];
  const media = await download(`https://media.githubusercontent.com/media/${REPOS[source].repo}/${commit}/${path}`);
  if (oid && sha256(media) !== oid) throw new Error(`LFS object of ${path} does not match its pointer`);
  return media;
}

/** Cuts one clip from a downloaded recording with the documented command into `output`. */
export async function cutClip(original, output, start, length) {
  const result = await run(ffmpegPath(), cutArgs(original, output, start, length));
  if (result.code !== 0) throw new Error(`ffmpeg failed: ${result.stderr.trim().split('\n')[0]}`);
  return { path: output, data: await readFile(output) };
}

/** Downloads each recording once (two clips may come from one), into the work folder. */
export function recordingCache(workDir) {
  const downloads = new Map();
  return (source, path) => {
    const key = `${source}:${path}`;
    if (!downloads.has(key)) {
      const file = join(workDir, `original-${downloads.size + 1}.mp4`);
      downloads.set(key, fetchSource(source, path).then(async (data) => (await writeFile(file, data), file)));
    }
    return downloads.get(key);
  };
}
