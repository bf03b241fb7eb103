/**
 * The bundle behind a proxy, as on a self-hosted runner: AWS requests
 * tunnel through a CONNECT proxy on 127.0.0.1 to the emulator, unless
 * NO_PROXY names the host.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.ts';
import { releaseInputs, runScenario } from '../support/scenario.ts';

let emulator: Emulator;
let proxy: ConnectProxy;

beforeEach(async () => {
  emulator = await startEmulator();
  proxy = await startConnectProxy();
});

afterEach(async () => {
  await proxy.close();
  await emulator.close();
});

function emulatorHost(): string {
  return new URL(emulator.url).host;
}

/** Returns a loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('proxy from the environment', () => {
  it.each(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY'])('%s tunnels STS and WorkSpaces', async (variable) => {
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: { [variable]: proxy.url } });

    expect(result.exitCode).toBe(0);
    expect(proxy.targets.length).toBeGreaterThanOrEqual(1);
    expect(proxy.targets.every((target) => target === emulatorHost())).toBe(true);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(1);
  });

  it.each(['NO_PROXY', 'no_proxy'])('%s sends requests directly', async (variable) => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator),
      env: { HTTP_PROXY: proxy.url, [variable]: 'example.com,127.0.0.1' },
    });

    expect(result.exitCode).toBe(0);
    expect(proxy.targets).toHaveLength(0);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(1);
  });

  it('HTTPS_PROXY alone leaves http endpoints direct', async () => {
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: { HTTPS_PROXY: proxy.url } });

    expect(result.exitCode).toBe(0);
    expect(proxy.targets).toHaveLength(0);
  });

  it('proxy rejecting tunnels gives a clear error', async () => {
    proxy.rejectAll = true;
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'role-to-assume': '' }),
      env: {
        HTTP_PROXY: proxy.url,
        AWS_ACCESS_KEY_ID: emulator.ambientCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.ambientCredentials.secretAccessKey,
      },
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
    expect(result.stdout).toContain(`AWS requests go through the proxy ${proxy.url} (from HTTP_PROXY)`);
    expect(result.summary).toContain('NO_PROXY');
  });

  it('proxy rejecting the STS tunnel names the proxy', async () => {
    proxy.rejectAll = true;
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: { HTTP_PROXY: proxy.url } });

    expect(result.exitCode).toBe(1);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(0);
    expect(result.stdout).toContain('unrecognized HTTP 403 response');
    expect(result.stdout).toContain(`AWS requests go through the proxy ${proxy.url} (from HTTP_PROXY)`);
  });

  it('unreachable proxy gives a clear error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'role-to-assume': '' }),
      env: {
        HTTP_PROXY: url,
        AWS_ACCESS_KEY_ID: emulator.ambientCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.ambientCredentials.secretAccessKey,
      },
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
    expect(result.stdout).toContain('ECONNREFUSED');
    expect(result.stdout).toContain(`AWS requests go through the proxy ${url}`);
  });

  it('proxy credentials are hidden in messages', async () => {
    proxy.rejectAll = true;
    const withCredentials = proxy.url.replace('http://', 'http://builder:s3cret-proxy-password@');
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'role-to-assume': '' }),
      env: {
        HTTP_PROXY: withCredentials,
        AWS_ACCESS_KEY_ID: emulator.ambientCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.ambientCredentials.secretAccessKey,
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toContain('s3cret-proxy-password');
    expect(result.summary).not.toContain('s3cret-proxy-password');
  });
});
