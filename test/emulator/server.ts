/**
 * The emulator's HTTP server: routes each request by its shape to WorkSpaces
 * (awsJson1_1), STS (awsQuery) or the GitHub OIDC token endpoint, applies
 * injected faults, and records every request in the call log.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import type { CredentialRecord, CredentialStore } from './credentials.ts';
import type { FaultKind, FaultQueue, FaultSpec } from './faults.ts';
import type { OidcIssuer } from './oidc.ts';
import { jsonError, jsonResult, queryError, queryResult, ServiceError, type HttpResult } from './protocol.ts';
import type { RulesFile } from './rule-types.ts';
import { verifyRequest, type AuthFailureKind } from './sigv4.ts';
import { STS_AUTH_ERRORS, type StsService } from './sts.ts';
import { WORKSPACES_AUTH_ERRORS, type WorkSpacesService } from './workspaces.ts';

/** One request and the emulator's response to it. */
export interface CallRecord {
  service: 'workspaces' | 'sts' | 'oidc' | 'unknown';
  operation: string;
  /**
   * HTTP status of the response, or undefined after a `reset` fault. After a
   * `lost-response` fault it is the status of the response that was dropped.
   */
  status: number | undefined;
  /** Error code sent (`__type` or `<Code>`), for error responses. */
  errorName?: string;
  /** Access key from the SigV4 `Authorization` header. */
  accessKeyId?: string;
  /** Outcome of the SigV4 check: `valid`, `unsigned`, or why it failed. */
  auth?: 'valid' | 'unsigned' | AuthFailureKind;
  /** Injected fault applied to this request. */
  fault?: FaultKind;
  time: Date;
  requestId: string;
  /** Parsed request input. The STS web identity token is kept only as `WebIdentityTokenLength`. */
  input: unknown;
}

export interface ServerDependencies {
  rules: RulesFile;
  store: CredentialStore;
  oidc: OidcIssuer;
  sts: StsService;
  workspaces: WorkSpacesService;
  faults: FaultQueue;
  calls: CallRecord[];
}

/** Largest request body accepted; larger bodies get HTTP 413. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A routed request: how to run it and how to render errors in its service's format. */
interface Exchange {
  record: CallRecord;
  run: () => HttpResult;
  renderError: (error: ServiceError) => HttpResult;
}

function plainJson(status: number, body: unknown, errorName?: string): HttpResult {
  const result: HttpResult = { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  if (errorName !== undefined) result.errorName = errorName;
  return result;
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerText(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** Builds the error a fault returns in place of the real response. */
function faultError(fault: FaultSpec, service: CallRecord['service'], rules: RulesFile): ServiceError {
  const sts = service === 'sts';
  switch (fault.kind) {
    case 'throttle':
      return new ServiceError(sts ? 'Throttling' : 'ThrottlingException', fault.message ?? 'Rate exceeded', service === 'oidc' ? 429 : 400);
    case 'http500':
      return new ServiceError(sts ? 'InternalFailure' : 'InternalServerError', fault.message ?? 'An internal error occurred. Try again.', 500);
    case 'http503':
      return new ServiceError('ServiceUnavailable', fault.message ?? 'The service is unavailable. Try again later.', 503);
    default: {
      const name = fault.errorName ?? 'InternalFailure';
      const serviceRules = service === 'sts' || service === 'workspaces' ? rules.services[service] : undefined;
      const modeled = Object.values(serviceRules?.operations ?? {})
        .flatMap((operation) => operation.errors)
        .find((error) => error.name === name || error.code === name);
      return new ServiceError(modeled?.code ?? name, fault.message ?? `Injected ${name}`, fault.status ?? modeled?.httpStatus ?? 400);
    }
  }
}

export function createEmulatorServer(deps: ServerDependencies): Server {
  function authenticate(
    request: IncomingMessage,
    body: string,
    record: CallRecord,
    service: 'workspaces' | 'sts',
  ): CredentialRecord {
    const result = verifyRequest({ method: request.method ?? '', url: request.url ?? '/', headers: request.headers, body }, deps.store, service, new Date());
    if (result.ok) {
      record.auth = 'valid';
      record.accessKeyId = result.credential.accessKeyId;
      return result.credential;
    }
    record.auth = result.kind;
    if (result.accessKeyId !== undefined) record.accessKeyId = result.accessKeyId;
    const mapped = (service === 'sts' ? STS_AUTH_ERRORS : WORKSPACES_AUTH_ERRORS)[result.kind];
    throw new ServiceError(mapped.code, result.message, mapped.status);
  }

  function workspacesExchange(request: IncomingMessage, body: string, record: CallRecord): Exchange {
    const target = headerText(request, 'x-amz-target');
    const prefix = `${deps.rules.services['workspaces']?.targetPrefix ?? 'WorkspacesService'}.`;
    const operation = target.startsWith(prefix) ? target.slice(prefix.length) : target;
    record.service = 'workspaces';
    record.operation = operation;

    let input: unknown;
    let parseError: string | undefined;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch (error) {
      parseError = (error as Error).message;
      input = body;
    }
    record.input = input;

    return {
      record,
      renderError: (error) => jsonError(record.requestId, error),
      run: () => {
        authenticate(request, body, record, 'workspaces');
        if (!target.startsWith(prefix) || !deps.workspaces.hasOperation(operation)) {
          throw new ServiceError('UnknownOperationException', `Unknown operation ${target}`);
        }
        if (parseError !== undefined) throw new ServiceError('SerializationException', `Request body is not valid JSON: ${parseError}`);
        if (input === null || typeof input !== 'object' || Array.isArray(input)) {
          throw new ServiceError('SerializationException', 'Request body must be a JSON object');
        }
        return jsonResult(record.requestId, deps.workspaces.handle(operation, input as Record<string, unknown>));
      },
    };
  }

  function stsExchange(request: IncomingMessage, body: string, record: CallRecord): Exchange {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    record.service = 'sts';
    record.operation = action;
    const logged: Record<string, unknown> = Object.fromEntries(params);
    const token = params.get('WebIdentityToken');
    if (token !== null) {
      delete logged['WebIdentityToken'];
      logged['WebIdentityTokenLength'] = token.length;
    }
    record.input = logged;

    return {
      record,
      renderError: (error) => queryError(record.requestId, error),
      run: () => {
        let caller: CredentialRecord | undefined;
        if (request.headers.authorization !== undefined) {
          caller = authenticate(request, body, record, 'sts');
        } else if (action === 'AssumeRoleWithWebIdentity') {
          // The SDK sends AssumeRoleWithWebIdentity unsigned (smithy.api#noAuth), as the API allows.
          record.auth = 'unsigned';
        } else {
          record.auth = 'missing';
          throw new ServiceError(STS_AUTH_ERRORS.missing.code, 'Request is missing Authentication Token', STS_AUTH_ERRORS.missing.status);
        }
        return queryResult(record.requestId, action, deps.sts.handle(action, params, caller));
      },
    };
  }

  function oidcExchange(request: IncomingMessage, url: URL, record: CallRecord): Exchange {
    record.service = 'oidc';
    record.operation = 'oidc';
    const audience = url.searchParams.get('audience') ?? undefined;
    record.input = { audience: audience ?? null, apiVersion: url.searchParams.get('api-version') };

    return {
      record,
      renderError: (error) => plainJson(error.status, { message: error.message }, error.code),
      run: () => {
        if (headerText(request, 'authorization') !== `Bearer ${deps.oidc.requestToken}`) {
          throw new ServiceError('Unauthorized', 'The bearer token is missing or invalid.', 401);
        }
        if (url.searchParams.get('api-version') !== '2.0') {
          throw new ServiceError('BadRequest', "The query parameter 'api-version' must be '2.0'.", 400);
        }
        return plainJson(200, { value: deps.oidc.issue(audience) });
      },
    };
  }

  function route(request: IncomingMessage, body: string, record: CallRecord): Exchange {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const contentType = headerText(request, 'content-type');
    if (request.method === 'GET' && url.pathname === '/oidc/token') return oidcExchange(request, url, record);
    if (request.method === 'POST' && url.pathname === '/' && request.headers['x-amz-target'] !== undefined) {
      return workspacesExchange(request, body, record);
    }
    if (request.method === 'POST' && url.pathname === '/' && contentType.startsWith('application/x-www-form-urlencoded')) {
      return stsExchange(request, body, record);
    }
    return {
      record,
      renderError: (error) => plainJson(error.status, { message: error.message }, error.code),
      run: () => {
        throw new ServiceError('NotFound', `No emulated endpoint matches ${request.method ?? ''} ${url.pathname}`, 404);
      },
    };
  }

  function execute(exchange: Exchange): HttpResult {
    try {
      return exchange.run();
    } catch (error) {
      if (error instanceof ServiceError) return exchange.renderError(error);
      console.error(`AWS emulator: ${exchange.record.operation} failed unexpectedly`, error);
      return exchange.renderError(new ServiceError('InternalFailure', `Emulator error: ${String(error)}`, 500));
    }
  }

  function write(response: ServerResponse, result: HttpResult, record: CallRecord): void {
    record.status = result.status;
    if (result.errorName !== undefined) record.errorName = result.errorName;
    response.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
    response.end(result.body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const record: CallRecord = { service: 'unknown', operation: '', status: undefined, time: new Date(), requestId: randomUUID(), input: null };
    deps.calls.push(record);

    const body = await readBody(request);
    if (body === undefined) {
      write(response, plainJson(413, { message: `Request body exceeds ${MAX_BODY_BYTES} bytes` }, 'RequestEntityTooLarge'), record);
      return;
    }
    const exchange = route(request, body, record);
    const fault = deps.faults.take(record.operation);
    if (fault !== undefined) record.fault = fault.kind;

    if (fault === undefined) {
      write(response, execute(exchange), record);
      return;
    }
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.delayMs ?? 0);
        write(response, execute(exchange), record);
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'lost-response': {
        const result = execute(exchange);
        record.status = result.status;
        if (result.errorName !== undefined) record.errorName = result.errorName;
        request.socket.destroy();
        return;
      }
      default:
        write(response, exchange.renderError(faultError(fault, record.service, deps.rules)), record);
    }
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('AWS emulator: request handling failed', error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
}
