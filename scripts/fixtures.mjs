#!/usr/bin/env node
// `pnpm fixtures`: rebuilds the shared face fixture set (photos and selfie clips) from its
// public sources at pinned commits, as ../shared/fixtures/SOURCES.md describes, and checks it.
//
//   pnpm fixtures                 download what is missing or wrong into $FACE_FIXTURES
//   pnpm fixtures --check         only verify an existing set (no network)
//   pnpm fixtures --dir <path>    another target folder (default $FACE_FIXTURES, else ../shared/fixtures)
//
// Photos and the stage clip are copied unchanged and must match their SHA-256. The selfie
// clips are re-encoded with ffmpeg (@ffmpeg-installer/ffmpeg, as the set was made); another
// ffmpeg build may produce other bytes, so for them the check is: decodes cleanly, H.264,
// no audio, and the expected duration.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---- Sources (data) -------------------------------------------------------------------
const REPOS = {
  fr: { repo: 'ageitgey/face_recognition', commit: '2e2dccea9dd0ce730c8d464d0f67c6eebb40c9d1', license: 'MIT' },
  fa: { repo: 'justadudewhohacks/face-api.js', commit: 'a86f011d72124e5fb93e59d5c4ab98f699dd5c9c', license: 'MIT' },
  lp: { repo: 'KwaiVGI/LivePortrait', commit: '1986663be3b6902605d32200c01f4bfd36cda83d', license: 'MIT' },
  st: { repo: 'OpenTalker/SadTalker', commit: 'cd4c0465ae0b54a6f85af57f5c65fec9fe23e7f8', license: 'Apache-2.0' },
};

const KNN = 'examples/knn_examples/train';
const BBT_PEOPLE = ['amy', 'bernadette', 'howard', 'leonard', 'penny', 'raj', 'sheldon', 'stuart'];

/** Files copied unchanged: [file in the set, source repo, path in the repo]. */
const COPIES = [
  ['faces/people/obama/obama.jpg', 'fr', `${KNN}/obama/obama.jpg`],
  ['faces/people/obama/obama2.jpg', 'fr', `${KNN}/obama/obama2.jpg`],
  ['faces/people/obama/obama3.jpg', 'fr', 'tests/test_images/obama3.jpg'],
  ['faces/people/biden/biden.jpg', 'fr', `${KNN}/biden/biden.jpg`],
  ['faces/people/biden/biden2.jpg', 'fr', `${KNN}/biden/biden2.jpg`],
  ['faces/people/kit_harington/john1.jpeg', 'fr', `${KNN}/kit_harington/john1.jpeg`],
  ['faces/people/kit_harington/john2.jpeg', 'fr', `${KNN}/kit_harington/john2.jpeg`],
  ['faces/people/rose_leslie/img1.jpg', 'fr', `${KNN}/rose_leslie/img1.jpg`],
  ['faces/people/rose_leslie/img2.jpg', 'fr', `${KNN}/rose_leslie/img2.jpg`],
  ['faces/people/alex_lacamoire/img1.jpg', 'fr', `${KNN}/alex_lacamoire/img1.jpg`],
  ['faces/people/alex_lacamoire/alex-lacamoire.png', 'fr', 'examples/alex-lacamoire.png'],
  ['faces/people/lin_manuel_miranda/lin-manuel-miranda.png', 'fr', 'examples/lin-manuel-miranda.png'],
  ...BBT_PEOPLE.flatMap((p) => [1, 2, 3, 4, 5].map((n) => [`faces/people/${p}/${p}${n}.png`, 'fa', `examples/images/${p}/${p}${n}.png`])),
  ['faces/scenes/two_people.jpg', 'fr', 'examples/two_people.jpg'],
  ['faces/scenes/obama_partial_face.jpg', 'fr', 'tests/test_images/obama_partial_face.jpg'],
  ['faces/scenes/bbt1.jpg', 'fa', 'examples/images/bbt1.jpg'],
  ['faces/scenes/white.png', 'fa', 'test/images/white.png'],
  ['videos/stage-clip-lin-manuel-miranda.mp4', 'fr', 'examples/short_hamilton_clip.mp4'],
];

/** Selfie clips cut from the originals: [file in the set, source repo, path, expected seconds]. */
const CLIPS = [
  ['videos/real-selfie-1.mp4', 'lp', 'assets/examples/driving/d0.mp4', 3.12], // the original is shorter than 4 s
  ['videos/real-selfie-2.mp4', 'lp', 'assets/examples/driving/d3.mp4', 4],
  ['videos/real-selfie-3.mp4', 'lp', 'assets/examples/driving/d9.mp4', 4],
  ['videos/real-selfie-4.mp4', 'lp', 'assets/examples/driving/d12.mp4', 4],
  ['videos/real-selfie-5.mp4', 'lp', 'assets/examples/driving/d19.mp4', 4],
  ['videos/real-selfie-6.mp4', 'st', 'examples/ref_video/WDA_KatieHill_000.mp4', 4],
];

/** The documented cut: first 4 s, no audio, longest side at most 640, H.264 CRF 26. */
const CUT_ARGS = (input, output) => [
  '-y', '-v', 'error', '-ss', '0', '-t', '4', '-i', input, '-an',
  '-vf', "scale='if(gt(iw,ih),min(640,iw),-2)':'if(gt(iw,ih),-2,min(640,ih))'",
  '-c:v', 'libx264', '-preset', 'medium', '-crf', '26', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', output,
];

/** Expected SHA-256 of the unchanged copies (from the reference set's SHA256SUMS). */
const SHA256 = {
  'faces/people/alex_lacamoire/alex-lacamoire.png': 'affd4bba70510b20286c5b392e6a73ef149f4dff02105a09e19ce80d7d138707',
  'faces/people/alex_lacamoire/img1.jpg': '348e0a705ebd86f531553298348913a0483a70c966f1eebea5d8409b2421516b',
  'faces/people/amy/amy1.png': 'a1649b290794c11f242823ede1aa73f1ce8de0710d8aaccd9b638bcb70e9793e',
  'faces/people/amy/amy2.png': 'ff21d25b38fd6534cb61c213652b88024446daa5bc201c106b815e19a0b7d426',
  'faces/people/amy/amy3.png': '23204a35fde32c1f43585a0a87c7fb46dbd72288b9e30469661f335cdf019ecc',
  'faces/people/amy/amy4.png': '27ab8be3f761996049e3fefc2c356240da31193c61c4d336e9949d79ee24a39a',
  'faces/people/amy/amy5.png': '870bf2d96033da3bc0109dcc724b15b464e064caf36fb765c88f46c1aaea5e09',
  'faces/people/bernadette/bernadette1.png': '2661169d2a097cd3e6a0d0b3e2e9537d25b5bbf026588ba0cb19e0fbc8ac924a',
  'faces/people/bernadette/bernadette2.png': '478647b8446eac203c97691b8ea958dd81fe5001208976971441f5d79be050e9',
  'faces/people/bernadette/bernadette3.png': 'e301d31c35f86205b62d4a7fd21bf2e0e9721386abb5cdbf11cdd28eb3e49f0e',
  'faces/people/bernadette/bernadette4.png': '700ef705d01d656d8fcdb7158ef64fd76607d115829b6e680d5adeeccdd4712e',
  'faces/people/bernadette/bernadette5.png': '1d9fdc23ef125d397729c968c675bdb03e18d4e2faba39e426cd8ee406908f70',
  'faces/people/biden/biden.jpg': '3c17508bb91554c637a2eabddfae790e5bb1caba93130814fc2ac50be9760c4c',
  'faces/people/biden/biden2.jpg': '593ae76f7fdafe582535e288751e665f0533d5c9d5dc7264db24d7e6b6ce4730',
  'faces/people/howard/howard1.png': 'cb27546bc0139f8be466cb5f747c040fdb05af668cc78f1c422d23c180a50c55',
  'faces/people/howard/howard2.png': '2747993ab0790e584042c0e0dd56cf2385549571169e3f4c4ea6bd4cde6ae5ab',
  'faces/people/howard/howard3.png': 'a370e3cf9d4a5ce9e8e327307576b59b06f214f8e664e90cfde6f98d643fc544',
  'faces/people/howard/howard4.png': 'c0cc556d137f66c78ee3e6351f89844f261a79da89635607b43bc098b5fca456',
  'faces/people/howard/howard5.png': '3cc3d88e97f1337575e9e0e32350ff9925e44c2af1592977e0cd894c413a5fd6',
  'faces/people/kit_harington/john1.jpeg': '74872ce95f0af6366f2b58a7017b72debf6ed91c197fe7bf6a759c32ebe06543',
  'faces/people/kit_harington/john2.jpeg': 'c0970011d277d4772d488f60478b59fce212dabe824ce8e0c8032673ccad76ac',
  'faces/people/leonard/leonard1.png': '97933ff3245164eca0cbd0f8368d612c3963af305e013a72e10b740124b96855',
  'faces/people/leonard/leonard2.png': 'e4d10771c11d1cf14cc41ad0aee36b921d5e6a71d72e0d5659ab95e1d5c83994',
  'faces/people/leonard/leonard3.png': 'bda57664f219f303805cc54ebc3cf36554ad2c1e008105c58c9c05a4c47b7144',
  'faces/people/leonard/leonard4.png': 'aab130d50dc6ee5047e3e809c6b5a3555bec92e1570c005633c53f90782f2e34',
  'faces/people/leonard/leonard5.png': 'f47a46cf015c72bce8b92a833fb7826ffd3ab92ed633edcfd2280933a8d3fed1',
  'faces/people/lin_manuel_miranda/lin-manuel-miranda.png': '1f29c132951d7741431b32aaaf569d79a11bc690b04b843f12b7e306f080599a',
  'faces/people/obama/obama.jpg': '0930e3aa8cae5920329c0c8cbc6a2ab70f47b0e67b432875beaa95cbf7e741f6',
  'faces/people/obama/obama2.jpg': 'a7efcc907375274796f39646510704aa86672d59f6d5469d69af3c85590976a6',
  'faces/people/obama/obama3.jpg': '76ac6bf97c36dc2da0ad16a537d6a5ac1b10f48d49aac29a0cca9a17cdbc3ca3',
  'faces/people/penny/penny1.png': '38068934fc208eee0e83771e61e4698b6430c7c77e35fe78b80f78eb662f05b6',
  'faces/people/penny/penny2.png': 'ef0237ba5842de3d89d4876cf892bbe68eb6cc681e0a35babc87a5299d7ee726',
  'faces/people/penny/penny3.png': 'f236344e6d7acfc65fee11f2b4b2388c03256200cd443a475e9849fc5a8311ab',
  'faces/people/penny/penny4.png': '48ecaca1bdba62f8952050e4fceb6099d4afcd9fff732458f987882be32a9bb6',
  'faces/people/penny/penny5.png': 'c7a15ecebc0c4326c40048fba01bf222b462f28cdb2daa1520e3399bb8e68ed4',
  'faces/people/raj/raj1.png': '71949f6a71777a6dffca9b806177ec5bf7f47dc9cc9d48c78fffa4bf67a6d3e7',
  'faces/people/raj/raj2.png': '9752571453e5137237266b0b20e2008059b38dcb03098e5af9f81e461f055aff',
  'faces/people/raj/raj3.png': '216428c9387c8e0e012d8eb8765bdcfa2288b6fa4749a0f0eefcf5895a7ddb79',
  'faces/people/raj/raj4.png': 'a43ae9e71b933857157fd1576bd00e461cd7fd3a50e5b7c523f7a93cb0625506',
  'faces/people/raj/raj5.png': '4863a97836c34c2114bf10f480a0deaa0a394e64d23f644e730aeac868585b41',
  'faces/people/rose_leslie/img1.jpg': '0f3903bcc72a9c54ea8fb2075464fd6dc74a4fe55a09e8095ab948020b697baa',
  'faces/people/rose_leslie/img2.jpg': '274a9c97300ed1657faa1c293979c75013f2998ee0403c79fbbc10be67b442d2',
  'faces/people/sheldon/sheldon1.png': 'a65431669582d888bd0c63f1edfe4092254daa53b992d4825fa704f93d1595bf',
  'faces/people/sheldon/sheldon2.png': '6321a95c242de773251be4c55bf23910460a534297876e98d7811d549ac6990c',
  'faces/people/sheldon/sheldon3.png': '45258b9731a33751b11caccb7af5db7ce7a547a25a8332ff54d80293228dd3dc',
  'faces/people/sheldon/sheldon4.png': '58d891d73a3ee63b136c3cff0ad72951e88efd16aef30cf7893e049dd7439b53',
  'faces/people/sheldon/sheldon5.png': '22099e330609766fd2d93331919a4299815d85b1ea980f91ad0d987fd78feff0',
  'faces/people/stuart/stuart1.png': '12cbb1dc373afa6119a43da62beb62023399b1e13f6b56bcb91e54ddcb9d7f8f',
  'faces/people/stuart/stuart2.png': '2ec8df6c295c8e5c7e853fc81739a9149c52f270e8db0548fc60724214e8a515',
  'faces/people/stuart/stuart3.png': '500208a8350543a0b08353f08d00e41dc14efd8306b68829775c6d920228d412',
  'faces/people/stuart/stuart4.png': 'e3ba8b9b4a748ea1add2c0ea14d101dc0f87b401bf384e0c16e21cebca8509f9',
  'faces/people/stuart/stuart5.png': '381340eb567229d86f7aa868d3a580d403266f1a6f683f6d899f9824fb5d20ed',
  'faces/scenes/bbt1.jpg': 'eb78baa072505a3c6232100b7f8a0577a77480eef2596f8aa468072dd3ee9910',
  'faces/scenes/obama_partial_face.jpg': 'c2d1f09e7ef3042352b41e41286e6eb0522f64f88308be13886991b95db52117',
  'faces/scenes/two_people.jpg': '536b29cd513fb618e4d5aa79d51a279948daa804ce359463449cce5f9dc68aa7',
  'faces/scenes/white.png': '0b6cdd2e683d18d33b390d4660460809ee11a4c6f0b984efb87e450209b8985e',
  'videos/stage-clip-lin-manuel-miranda.mp4': '0b5ff4c55a4cd69f79956f312681730881fe1e2a9e6146e75c31636dffcc7e28',
};

// ---- Command line -----------------------------------------------------------------------
const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const dirFlag = args.indexOf('--dir');
const targetDir = resolve(dirFlag >= 0 && args[dirFlag + 1] ? args[dirFlag + 1] : process.env.FACE_FIXTURES ?? join(root, '..', 'shared', 'fixtures'));
const total = COPIES.length + CLIPS.length;
let index = 0;
let failures = 0;
let failuresInARow = 0;

function progress(file, status) {
  index += 1;
  const failed = status.startsWith('FAIL');
  failures += failed ? 1 : 0;
  failuresInARow = failed ? failuresInARow + 1 : 0;
  console.log(`[${String(index).padStart(2)}/${total}] ${file.padEnd(52)} ${status}`);
}

/** Downloads stop after 5 failures in a row: the network or GitHub is not reachable. */
let stopped = false;
function shouldStop() {
  if (stopped) return true;
  if (checkOnly || failuresInARow < 5) return false;
  stopped = true;
  console.log('Stopping: 5 downloads in a row failed (is raw.githubusercontent.com reachable?).');
  return true;
}

const describe = (error) => `${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}`;

// ---- Helpers ----------------------------------------------------------------------------
function ffmpegPath() {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  try {
    const fromEngine = createRequire(join(root, 'packages', 'face-engine', 'package.json'));
    return fromEngine('@ffmpeg-installer/ffmpeg').path;
  } catch {
    throw new Error('ffmpeg not found: run `pnpm install` first (or set FFMPEG_PATH)');
  }
}

function run(command, argv) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

function rawUrl(source, path) {
  const { repo, commit } = REPOS[source];
  return `https://raw.githubusercontent.com/${repo}/${commit}/${path}`;
}

async function download(url) {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Raw file at the pinned commit; a Git LFS pointer is followed to the media host and checked. */
async function fetchSource(source, path) {
  const data = await download(rawUrl(source, path));
  const pointer = data.subarray(0, 200).toString('utf8');
  if (!pointer.startsWith('version https://git-lfs.github.com/spec/v1')) return data;
  const oid = /oid sha256:([0-9a-f]{64})/.exec(pointer)?.[1];
  const { repo, commit } = REPOS[source];
  const media = await download(`https://media.githubusercontent.com/media/${repo}/${commit}/${path}`);
  if (oid && sha256(media) !== oid) throw new Error(`LFS object of ${path} does not match its pointer`);
  return media;
}

/** Checks a selfie clip: decodes without error, one H.264 video stream, no audio, right length. */
async function checkClip(file, expectedSeconds) {
  const ffmpeg = ffmpegPath();
  const decode = await run(ffmpeg, ['-v', 'error', '-i', file, '-f', 'null', '-']);
  if (decode.code !== 0 || decode.stderr.trim()) return `does not decode: ${decode.stderr.trim().split('\n')[0] ?? decode.code}`;
  const probe = (await run(ffmpeg, ['-hide_banner', '-i', file])).stderr;
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(probe);
  if (!duration) return 'no duration';
  const seconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  if (Math.abs(seconds - expectedSeconds) > 0.15) return `duration ${seconds.toFixed(2)} s, expected ${expectedSeconds} s`;
  if (!/Video: h264/.test(probe)) return 'not H.264';
  if (/Audio:/.test(probe)) return 'has an audio stream';
  return undefined;
}

async function verifyCopy(file) {
  const path = join(targetDir, file);
  if (!existsSync(path)) return 'missing';
  const actual = sha256(await readFile(path));
  return actual === SHA256[file] ? undefined : `sha256 ${actual.slice(0, 12)}… expected ${SHA256[file].slice(0, 12)}…`;
}

async function place(file, data) {
  const path = join(targetDir, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.partial`, data);
  await rename(`${path}.partial`, path);
}

// ---- Work -------------------------------------------------------------------------------
async function copies() {
  for (const [file, source, path] of COPIES) {
    if (shouldStop()) return;
    const problem = await verifyCopy(file);
    if (!problem) {
      progress(file, 'ok (sha256)');
      continue;
    }
    if (checkOnly) {
      progress(file, `FAIL: ${problem}`);
      continue;
    }
    try {
      const data = await fetchSource(source, path);
      const actual = sha256(data);
      if (actual !== SHA256[file]) throw new Error(`downloaded sha256 ${actual.slice(0, 12)}… expected ${SHA256[file].slice(0, 12)}…`);
      await place(file, data);
      progress(file, `ok (downloaded ${REPOS[source].repo}, sha256)`);
    } catch (error) {
      progress(file, `FAIL: ${describe(error)}`);
    }
  }
}

async function clips(workDir) {
  for (const [file, source, path, seconds] of CLIPS) {
    if (shouldStop()) return;
    const target = join(targetDir, file);
    const problem = existsSync(target) ? await checkClip(target, seconds).catch((error) => error.message) : 'missing';
    if (!problem) {
      progress(file, `ok (decodes, ${seconds} s)`);
      continue;
    }
    if (checkOnly) {
      progress(file, `FAIL: ${problem}`);
      continue;
    }
    try {
      const original = join(workDir, `original-${index}.mp4`);
      const cut = join(workDir, `cut-${index}.mp4`);
      await writeFile(original, await fetchSource(source, path));
      const result = await run(ffmpegPath(), CUT_ARGS(original, cut));
      if (result.code !== 0) throw new Error(`ffmpeg failed: ${result.stderr.trim().split('\n')[0]}`);
      const after = await checkClip(cut, seconds);
      if (after) throw new Error(after);
      await place(file, await readFile(cut));
      progress(file, `ok (downloaded ${REPOS[source].repo}, cut, ${seconds} s)`);
    } catch (error) {
      progress(file, `FAIL: ${describe(error)}`);
    }
  }
}

/** SOURCES.md marks a complete set (test-support/fixtures.ts looks for it), so it comes last. */
async function writeSources() {
  const path = join(targetDir, 'SOURCES.md');
  if (existsSync(path)) return;
  const rows = Object.values(REPOS).map((r) => `| ${r.repo} @ ${r.commit} | ${r.license} |`);
  const clipRows = CLIPS.map(([file, source, from]) => `| ${file} | ${REPOS[source].repo}, ${from}, first 4 s re-encoded |`);
  const sums = [
    ...COPIES.map(([file]) => `${SHA256[file]}  ./${file}`),
    ...(await Promise.all(CLIPS.map(async ([file]) => `${sha256(await readFile(join(targetDir, file)))}  ./${file}`))),
  ];
  await writeFile(join(targetDir, 'SHA256SUMS'), `${sums.sort((a, b) => a.slice(66).localeCompare(b.slice(66))).join('\n')}\n`);
  await writeFile(path, [
    '# Test fixtures: where they come from', '',
    'Rebuilt by `pnpm fixtures` (scripts/fixtures.mjs) from public sources at pinned commits.', '',
    '| repository @ commit | license |', '| --- | --- |', ...rows, '',
    '| clip | from |', '| --- | --- |', ...clipRows, '',
    `Cut with: \`ffmpeg ${CUT_ARGS('ORIGINAL.mp4', 'real-selfie-N.mp4').slice(3).join(' ')}\``, '',
  ].join('\n'));
}

console.log(`${checkOnly ? 'Checking' : 'Fetching'} face fixtures in ${targetDir}`);
const workDir = checkOnly ? undefined : await mkdtemp(join(tmpdir(), 'face-fixtures-'));
try {
  await copies();
  await clips(workDir);
  if (!checkOnly && failures === 0) await writeSources();
} finally {
  if (workDir) await rm(workDir, { recursive: true, force: true });
}
const ok = failures === 0 && index === total;
console.log(ok ? `All ${total} fixtures ok.` : `${failures} failed, ${total - index} not tried, of ${total} fixtures.`);
process.exitCode = ok ? 0 : 1;
