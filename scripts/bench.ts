/**
 * Measures the bundled action against the local AWS emulator. It times
 * `node -e 0`, a run that fails input validation, a whole import run and the
 * AWS CLI v2 doing the same import, with the peak memory of each. It also
 * reports the bundle size, the AWS calls per import and the wait's polling rate.
 *
 *   npm run bench                            15 rounds, table on stdout
 *   npm run bench -- --rounds 30 --out FILE  also writes the table to FILE
 *   npm run bench -- --compare DIR           also runs DIR/dist/index.js, for example an older build
 *
 * Subjects run interleaved: every round runs each subject once, in an order
 * rotated by one place per round, so machine noise reaches all of them alike.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { basename, delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { clampToDeadline, pollDelayMs } from '../src/poll-schedule.ts';
import { DEFAULT_AMI, startEmulator, type Emulator } from '../test/emulator/index.ts';
import { actionDefaults, inputVariable, node24Path, parseOutputFile, REPO_ROOT, runnerEnvironment } from '../test/support/action-runner.ts';

const USAGE = `Usage: npm run bench -- [--rounds N] [--out FILE] [--compare DIR]...
  --rounds N      rounds of every subject (default 15)
  --out FILE      also write the Markdown report to FILE
  --compare DIR   also time DIR/dist/index.js (validation failure and whole run); repeatable`;

const GNU_TIME = '/usr/bin/time';
const INGESTION_PROCESS = 'BYOL_REGULAR_WSP';

interface Sample {
  wallMs: number;
  /** Peak resident set size in KiB (GNU time %M), of the largest process when a subject runs several. */
  maxRssKb: number | undefined;
}

interface Subject {
  name: string;
  /** Runs the subject once and returns its timing. Throws when the run did not do what it should. */
  run: (round: number) => Promise<Sample>;
}

interface ChildResult extends Sample {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const options = readOptions();
const node24 = node24Path();
const measureRss = hasGnuTime();
const awsCli = await findAwsCliV2();
const scratch = await mkdtemp(join(tmpdir(), 'byol-bench-'));
// Every run uses a copy taken now, so a rebuild of dist/ during the benchmark neither breaks a run nor mixes two builds.
const builds = snapshotBuilds();
const emulator = await startEmulator({ imageQuota: 10_000 });

try {
  const machine = describeMachine(awsCli);
  console.log(machine.join('\n'));
  console.log('');
  if (awsCli.path === undefined) {
    console.log(`AWS CLI v2 not found (${awsCli.note}), so the CLI pair is skipped.`);
    console.log('Install it, for example with `apt-get install -y awscli` on Debian 12 or with the AWS CLI v2 installer, and run the benchmark again.\n');
  }

  const subjects = buildSubjects(emulator, awsCli.path);
  const callCounts = await countCallsPerImport(emulator);

  // One untimed round first, so every subject starts with warm file caches.
  for (const subject of subjects) {
    await subject.run(-1);
  }

  const samples = new Map<string, Sample[]>(subjects.map((subject) => [subject.name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    const order = subjects.map((_subject, index) => subjects[(index + round) % subjects.length] as Subject);
    for (const subject of order) {
      samples.get(subject.name)?.push(await subject.run(round));
    }
    process.stderr.write(`round ${round + 1}/${options.rounds} done\n`);
  }

  const report = [
    '## Machine',
    '',
    ...machine.map((line) => `- ${line}`),
    `- Command: \`npm run bench -- ${process.argv.slice(2).join(' ')}\``.replace(/ -- `$/, '`'),
    '',
    formatTimingTable(subjects, samples, options.rounds),
    '',
    formatBundleTables(),
    '',
    formatCallTable(callCounts),
    '',
    formatPollingTable(simulatePolling(10_000, 0x5eed)),
    '',
  ].join('\n');
  console.log(report);
  if (options.out !== undefined) {
    await writeFile(options.out, report);
    console.log(`Wrote ${options.out}.`);
  }
} finally {
  await emulator.close();
  await rm(scratch, { recursive: true, force: true });
}

function readOptions(): { rounds: number; out: string | undefined; compare: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        rounds: { type: 'string', default: '15' },
        out: { type: 'string' },
        compare: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const rounds = Number(parsed.values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`Invalid --rounds ${parsed.values.rounds}: expected a whole number of at least 1.\n${USAGE}`);
    process.exit(2);
  }
  for (const dir of parsed.values.compare) {
    if (!existsSync(join(dir, 'dist', 'index.js'))) {
      console.error(`Invalid --compare ${dir}: ${join(dir, 'dist', 'index.js')} not found.`);
      process.exit(2);
    }
  }
  return { rounds, out: parsed.values.out, compare: parsed.values.compare.map((dir) => resolve(dir)) };
}

interface Build {
  /** Suffix of the subject names, empty for this repository's dist/. */
  label: string;
  /** Copy of the build's folder, holding dist/. */
  dir: string;
  /** Name in the bundle table. */
  distName: string;
}

function snapshotBuilds(): Build[] {
  const sources = [{ label: '', source: REPO_ROOT, distName: 'dist' }, ...options.compare.map((dir) => ({ label: `, ${basename(dir)}`, source: dir, distName: `${basename(dir)}/dist` }))];
  return sources.map((build, index) => {
    const dir = join(scratch, `build-${index}`);
    cpSync(join(build.source, 'dist'), join(dir, 'dist'), { recursive: true });
    if (readFileSync(join(dir, 'dist', 'index.js')).length === 0) {
      throw new Error(`${join(build.source, 'dist', 'index.js')} is empty: is a build running? Run the benchmark again when it has finished.`);
    }
    return { label: build.label, dir, distName: build.distName };
  });
}

function buildSubjects(emu: Emulator, aws: string | undefined): Subject[] {
  const subjects: Subject[] = [
    {
      name: '`node -e 0` (floor)',
      run: async () => {
        const result = await timeChild(node24, ['-e', '0'], { PATH: process.env['PATH'] ?? '' });
        expectExit(result, 0, 'node -e 0');
        return result;
      },
    },
  ];
  for (const build of builds) {
    subjects.push({ name: `Validation failure${build.label}`, run: () => runValidationFailure(build.dir) });
  }
  for (const build of builds) {
    subjects.push({ name: `Whole action${build.label}`, run: (round) => runWholeAction(emu, build.dir, `bench-action${build.label.replace(/\W/g, '-')}-${round + 1}`) });
  }
  if (aws !== undefined) {
    subjects.push({ name: 'AWS CLI pair', run: (round) => runCliPair(emu, aws, `bench-cli-${round + 1}`) });
  }
  return subjects;
}

/** Runs the bundle with an image name that breaks the naming rule and no emulator, so it must stop before any request. */
async function runValidationFailure(actionDir: string): Promise<Sample> {
  const result = await timeAction(actionDir, { 'image-name': 'bad name with spaces' }, {});
  expectExit(result, 1, 'validation failure');
  if (!result.stdout.includes('image-name')) {
    throw new Error(`The validation failure run of ${actionDir} did not name image-name.\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result;
}

/** Runs the bundle through OIDC, the pre-flight, the name lookup, the import, outputs and summary. */
async function runWholeAction(emu: Emulator, actionDir: string, imageName: string): Promise<Sample> {
  const result = await timeAction(actionDir, { 'image-name': imageName, 'role-to-assume': emu.defaultRoleArn }, emu.env());
  expectExit(result, 0, 'whole action');
  if (!/^wsi-/.test(result.outputs['image-id'] ?? '') || result.outputs['created'] !== 'true') {
    throw new Error(`The whole action run set no new image-id output: ${JSON.stringify(result.outputs)}`);
  }
  return result;
}

/** Assumes the role and imports with the AWS CLI, as a workflow without this action does. The OIDC token is fetched before timing. */
async function runCliPair(emu: Emulator, aws: string, imageName: string): Promise<Sample> {
  const token = await fetchOidcToken(emu);
  const home = await mkdtemp(join(scratch, 'cli-'));
  await writeFile(join(home, 'config'), '');
  await writeFile(join(home, 'credentials'), '');
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };

  const started = performance.now();
  const assume = await timeChild(
    aws,
    ['sts', 'assume-role-with-web-identity', '--endpoint-url', emu.url, '--region', 'us-east-1',
      '--role-arn', emu.defaultRoleArn, '--role-session-name', 'GitHubActions', '--web-identity-token', token,
      '--output', 'json', '--no-cli-pager'],
    env,
  );
  expectExit(assume, 0, 'aws sts assume-role-with-web-identity');
  const credentials = (JSON.parse(assume.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
  const imported = await timeChild(
    aws,
    ['workspaces', 'import-workspace-image', '--endpoint-url', emu.url, '--region', 'us-east-1',
      '--ec2-image-id', DEFAULT_AMI, '--ingestion-process', INGESTION_PROCESS,
      '--image-name', imageName, '--image-description', 'Imported by the benchmark',
      '--output', 'json', '--no-cli-pager'],
    { ...env, AWS_ACCESS_KEY_ID: credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey, AWS_SESSION_TOKEN: credentials.SessionToken },
  );
  const wallMs = performance.now() - started;
  expectExit(imported, 0, 'aws workspaces import-workspace-image');
  if (!/"ImageId": "wsi-/.test(imported.stdout)) {
    throw new Error(`aws workspaces import-workspace-image returned no image id:\n${imported.stdout}`);
  }
  await rm(home, { recursive: true, force: true });
  const rss = [assume.maxRssKb, imported.maxRssKb].filter((value) => value !== undefined);
  return { wallMs, maxRssKb: rss.length === 2 ? Math.max(...rss) : undefined };
}

async function fetchOidcToken(emu: Emulator): Promise<string> {
  const response = await fetch(`${emu.oidcRequestUrl}&audience=sts.amazonaws.com`, {
    headers: { Authorization: `Bearer ${emu.oidcRequestToken}` },
  });
  if (!response.ok) {
    throw new Error(`The emulator's OIDC endpoint returned HTTP ${response.status}.`);
  }
  return ((await response.json()) as { value: string }).value;
}

/** Runs `DIR/dist/index.js` on Node 24 as the runner does: INPUT_ variables, output and summary files in a new folder. */
async function timeAction(actionDir: string, inputs: Record<string, string>, extraEnv: Record<string, string>): Promise<ChildResult & { outputs: Record<string, string> }> {
  const workDir = await mkdtemp(join(scratch, 'run-'));
  const outputFile = join(workDir, 'output.txt');
  const summaryFile = join(workDir, 'summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = { ...runnerEnvironment(workDir, outputFile, summaryFile), ...extraEnv };
  const allInputs = {
    ...actionDefaults(),
    'aws-region': 'us-east-1',
    'ec2-image-id': DEFAULT_AMI,
    'ingestion-process': INGESTION_PROCESS,
    'image-description': 'Imported by the benchmark',
    ...inputs,
  };
  for (const [name, value] of Object.entries(allInputs)) {
    env[inputVariable(name)] = value;
  }

  const result = await timeChild(node24, [join(actionDir, 'dist', 'index.js')], env, workDir);
  const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
  await rm(workDir, { recursive: true, force: true });
  return { ...result, outputs };
}

/** Spawns one process, under GNU time when present for its peak RSS, and measures the wall time from spawn to exit. */
async function timeChild(command: string, args: string[], env: Record<string, string>, cwd = scratch): Promise<ChildResult> {
  const rssFile = join(scratch, `rss-${process.hrtime.bigint()}.txt`);
  const [file, argv] = measureRss ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];

  const started = performance.now();
  const child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(code));
  });
  const wallMs = performance.now() - started;

  let maxRssKb: number | undefined;
  if (measureRss) {
    // GNU time writes "Command exited with non-zero status N" before the value when the child fails.
    const lines = (await readFile(rssFile, 'utf8')).trim().split('\n');
    maxRssKb = Number(lines.at(-1));
    await rm(rssFile, { force: true });
  }
  return { wallMs, maxRssKb, exitCode, stdout, stderr };
}

function expectExit(result: ChildResult, expected: number, subject: string): void {
  if (result.exitCode !== expected) {
    throw new Error(`${subject} exited with ${result.exitCode}, expected ${expected}.\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) {
    return false;
  }
  // Accept only GNU time, because other time commands may lack the -f %M and -o options used here.
  const probe = spawnSyncText(GNU_TIME, ['--version']);
  return probe.includes('GNU');
}

/** Looks for an `aws` whose `--version` reports 2.x in PATH, then in /usr/local/bin and /usr/bin. */
async function findAwsCliV2(): Promise<{ path: string | undefined; version: string | undefined; note: string }> {
  const candidates = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/local/bin', '/usr/bin']
    .filter((folder) => folder !== '')
    .map((folder) => join(folder, 'aws'));
  const seen: string[] = [];
  for (const candidate of [...new Set(candidates)]) {
    if (!existsSync(candidate)) {
      continue;
    }
    const version = spawnSyncText(candidate, ['--version']).trim();
    if (/^aws-cli\/2\./.test(version)) {
      return { path: candidate, version, note: '' };
    }
    seen.push(`${candidate}: ${version.split('\n')[0] || 'no version output'}`);
  }
  return { path: undefined, version: undefined, note: seen.length > 0 ? `found only ${seen.join('; ')}` : 'no aws in PATH, /usr/local/bin or /usr/bin' };
}

function spawnSyncText(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

function describeMachine(aws: { version: string | undefined }): string[] {
  const cpuInfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuInfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nodeVersion = spawnSyncText(node24, ['--version']).trim();
  return [
    `CPU: ${model}, ${cpus().length} cores`,
    `Node.js: ${nodeVersion} (${node24})`,
    `AWS CLI: ${aws.version ?? 'not found'}`,
    `dist/: ${describeDist()}`,
    `Peak memory: ${measureRss ? 'GNU time %M' : 'n/a (no GNU /usr/bin/time)'}`,
  ];
}

function describeDist(): string {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain', '--', 'dist'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (commit.status !== 0 || status.status !== 0) {
    return 'not in a Git checkout';
  }
  return `commit ${commit.stdout.trim()}${status.stdout.trim() === '' ? '' : ', with uncommitted changes'}`;
}

/** Runs the action once untimed and counts the requests the emulator received, by service and operation. */
async function countCallsPerImport(emu: Emulator): Promise<Map<string, number>> {
  const first = emu.calls.length;
  await runWholeAction(emu, builds[0]?.dir ?? REPO_ROOT, 'bench-call-count');
  const counts = new Map<string, number>();
  for (const call of emu.calls.slice(first)) {
    const key = `${call.service} ${call.operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function formatTimingTable(subjects: Subject[], samples: Map<string, Sample[]>, rounds: number): string {
  const medianOf = (name: string): number | undefined => {
    const list = samples.get(name);
    return list === undefined || list.length === 0 ? undefined : median(list.map((sample) => sample.wallMs));
  };
  const floor = medianOf(subjects[0]?.name ?? '');
  const cli = medianOf('AWS CLI pair');
  const ratio = (value: number, base: number | undefined): string => (base === undefined ? 'n/a' : `${(value / base).toFixed(2)}×`);

  const lines = [
    `Wall time over ${rounds} interleaved rounds, in milliseconds; peak RSS is the largest of all rounds.`,
    '',
    '| Subject | Median ms | Min ms | Max ms | Peak RSS MiB | × floor | × CLI pair |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const subject of subjects) {
    const list = samples.get(subject.name) ?? [];
    const wall = list.map((sample) => sample.wallMs);
    const rss = list.map((sample) => sample.maxRssKb);
    const peak = rss.every((value) => value !== undefined) && rss.length > 0 ? (Math.max(...rss) / 1024).toFixed(1) : 'n/a';
    const mid = median(wall);
    lines.push(`| ${subject.name} | ${mid.toFixed(0)} | ${Math.min(...wall).toFixed(0)} | ${Math.max(...wall).toFixed(0)} | ${peak} | ${ratio(mid, floor)} | ${ratio(mid, cli)} |`);
  }
  if (cli === undefined) {
    lines.push('| AWS CLI pair | skipped: no AWS CLI v2 | | | | | |');
  }
  return lines.join('\n');
}

function formatBundleTables(): string {
  const lines = ['Bundle size, gzip at level 9 (node:zlib).', '', '| File | Raw bytes | Gzip bytes |', '|---|---:|---:|'];
  for (const build of builds) {
    let raw = 0;
    let gzip = 0;
    const dist = join(build.dir, 'dist');
    for (const name of readdirSync(dist).filter((file) => file.endsWith('.js')).sort()) {
      const content = readFileSync(join(dist, name));
      const compressed = gzipSync(content, { level: 9 }).length;
      raw += content.length;
      gzip += compressed;
      lines.push(`| ${build.distName}/${name} | ${content.length} | ${compressed} |`);
    }
    lines.push(`| **${build.distName}/*.js total** | **${raw}** (${(raw / 1e6).toFixed(3)} MB) | **${gzip}** |`);
  }
  return lines.join('\n');
}

function formatCallTable(counts: Map<string, number>): string {
  const lines = ['Requests of one whole-action run (import without waiting), counted by the emulator.', '', '| Service | Operation | Calls |', '|---|---|---:|'];
  let total = 0;
  for (const [key, count] of counts) {
    const [service, operation] = key.split(' ');
    lines.push(`| ${service} | ${operation} | ${count} |`);
    total += count;
  }
  lines.push(`| | **total** | **${total}** |`);
  return lines.join('\n');
}

interface PollingStats {
  trials: number;
  callsPerHour: number[];
  detectionDelaysMs: number[];
}

/**
 * Replays the wait's schedule with the default poll-interval-seconds of 60
 * and wait-timeout-minutes of 240: a check right after the import, then
 * `pollDelayMs` delays cut at the deadline. Each trial counts the checks in
 * each of the 4 hours and picks a state change at a uniformly random time
 * between 90 minutes (the shortest BYOL ingestion) and the deadline.
 */
function simulatePolling(trials: number, seed: number): PollingStats {
  const random = mulberry32(seed);
  const schedule = { minDelayMs: 60_000, maxDelayMs: 120_000 };
  const hourMs = 3_600_000;
  const deadline = 240 * 60_000;
  const earliestChange = 90 * 60_000;
  const callsPerHour: number[] = [];
  const detectionDelaysMs: number[] = [];

  for (let trial = 0; trial < trials; trial += 1) {
    const checkTimes = [0];
    let now = 0;
    for (let check = 1; now < deadline; check += 1) {
      now += clampToDeadline(pollDelayMs(check, schedule, random), now, deadline);
      checkTimes.push(now);
    }
    for (let hour = 0; hour * hourMs < deadline; hour += 1) {
      callsPerHour.push(checkTimes.filter((time) => time >= hour * hourMs && time < (hour + 1) * hourMs).length);
    }
    const change = earliestChange + random() * (deadline - earliestChange);
    const detected = checkTimes.find((time) => time >= change) ?? deadline;
    detectionDelaysMs.push(detected - change);
  }
  return { trials, callsPerHour, detectionDelaysMs };
}

function formatPollingTable(stats: PollingStats): string {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  return [
    `Polling with the default 60 s interval, simulated from pollDelayMs (${stats.trials} trials of a 240-minute wait, seeded PRNG).`,
    '',
    '| Metric | Median | Max |',
    '|---|---:|---:|',
    `| DescribeWorkspaceImages calls per hour of waiting | ${median(stats.callsPerHour)} | ${Math.max(...stats.callsPerHour)} |`,
    `| Delay from a state change to the check that sees it | ${seconds(median(stats.detectionDelaysMs))} | ${seconds(Math.max(...stats.detectionDelaysMs))} |`,
  ].join('\n');
}

/** Small seeded PRNG (mulberry32), so the simulation gives the same numbers on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
