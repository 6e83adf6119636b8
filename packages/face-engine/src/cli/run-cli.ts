// Command dispatch for the CLI. Every command prints JSON lines on stdout;
// templates (biometric data) are never printed.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { FaceEngine } from '../engine.js';
import { isFaceEngineError } from '../errors.js';
import { matchDetails, matchScore } from '../match.js';
import { parseCsv } from './csv.js';

const USAGE = `Usage: face-engine <command> [args]   (JSON lines on stdout)
  analyze FILE...                       faces, checks, liveness, timings per file
  match A B                             {"face_matching", "fused", "models"} of two photos or clips
  pairs --csv PAIRS.csv --root DIR      score every pair (header file_x,file_y,Decision), then a summary
  liveness FILE...                      {"file", "face_liveness", "checks"} per file
  track FILE                            FaceTrack JSON (mesh per sampled frame)
`;

const line = (obj: unknown): void => void process.stdout.write(`${JSON.stringify(obj)}\n`);
const errorFields = (err: unknown) =>
  isFaceEngineError(err)
    ? { error: err.code, message: err.message }
    : { error: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };

async function analyzeCmd(engine: FaceEngine, files: string[]): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      const a = await engine.analyze(file);
      line({ file, media: a.media, number_of_faces: a.numberOfFaces, face_liveness: a.liveness, checks: a.checks, timings: a.timings });
    } catch (err) {
      failed++;
      line({ file, ...errorFields(err) });
    }
  }
  return failed ? 2 : 0;
}

async function livenessCmd(engine: FaceEngine, files: string[]): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      const r = await engine.liveness(file);
      line({ file, face_liveness: r.liveness, checks: r.checks });
    } catch (err) {
      failed++;
      line({ file, face_liveness: null, ...errorFields(err) });
    }
  }
  return failed ? 2 : 0;
}

function templateCache(engine: FaceEngine) {
  const cache = new Map<string, Promise<Float32Array>>();
  return (file: string): Promise<Float32Array> => {
    let p = cache.get(file);
    if (!p) {
      p = engine.analyze(file).then((a) => a.template);
      cache.set(file, p);
    }
    return p;
  };
}

async function pairsCmd(engine: FaceEngine, csvPath: string, root: string): Promise<number> {
  const rows = parseCsv(await readFile(csvPath, 'utf8'));
  const template = templateCache(engine);
  const resolve = (f: string): string => (isAbsolute(f) ? f : join(root, f));
  const tally = { pairs: 0, genuine: 0, impostor: 0, false_accepts: 0, false_rejects: 0, errors: 0 };
  for (const row of rows) {
    const fx = row.file_x ?? '';
    const fy = row.file_y ?? '';
    const decision = row.Decision ?? row.decision ?? '';
    const same = /^(yes|true|1)$/i.test(decision);
    tally.pairs++;
    if (same) tally.genuine++;
    else tally.impostor++;
    try {
      const score = matchScore(await template(resolve(fx)), await template(resolve(fy)));
      if (same && score < 50) tally.false_rejects++;
      if (!same && score >= 50) tally.false_accepts++;
      line({ file_x: fx, file_y: fy, decision, face_matching: score });
    } catch (err) {
      tally.errors++;
      line({ file_x: fx, file_y: fy, decision, face_matching: null, error: errorFields(err).error });
    }
  }
  line({ summary: true, threshold: 50, ...tally });
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * The root script (`pnpm face-engine …`) runs this CLI from the package
 * folder; relative paths are meant from where the user typed the command,
 * which pnpm passes on as INIT_CWD.
 */
function fromUserCwd(p: string): string {
  const base = process.env.INIT_CWD;
  return base && !isAbsolute(p) ? join(base, p) : p;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...raw] = argv;
  const rest = raw.map((a, i) => (a.startsWith('--') || raw[i - 1] === '--csv' || raw[i - 1] === '--root' ? a : fromUserCwd(a)));
  for (const flag of ['--csv', '--root']) {
    const i = rest.indexOf(flag);
    if (i >= 0 && rest[i + 1] !== undefined) rest[i + 1] = fromUserCwd(rest[i + 1]!);
  }
  const files = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--csv' && rest[i - 1] !== '--root');
  const valid =
    (command === 'analyze' && files.length > 0) ||
    (command === 'liveness' && files.length > 0) ||
    (command === 'track' && files.length === 1) ||
    (command === 'match' && files.length === 2) ||
    (command === 'pairs' && option(rest, '--csv') !== undefined);
  if (!valid) {
    process.stderr.write(USAGE);
    return 64;
  }
  const engine = await FaceEngine.create();
  switch (command) {
    case 'analyze':
      return analyzeCmd(engine, files);
    case 'liveness':
      return livenessCmd(engine, files);
    case 'track': {
      const file = files[0] ?? '';
      try {
        line({ file, ...(await engine.track(file)).track });
        return 0;
      } catch (err) {
        line({ file, ...errorFields(err) });
        return 2;
      }
    }
    case 'match': {
      const [a = '', b = ''] = files;
      try {
        const [ta, tb] = await Promise.all([engine.analyze(a), engine.analyze(b)]);
        const details = matchDetails(ta.template, tb.template);
        line({ face_matching: details.score, fused: details.fused, models: details.models });
        return 0;
      } catch (err) {
        line({ face_matching: null, ...errorFields(err) });
        return 2;
      }
    }
    default: {
      const csv = option(rest, '--csv') ?? '';
      return pairsCmd(engine, csv, option(rest, '--root') ?? process.cwd());
    }
  }
}
