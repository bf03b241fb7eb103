/**
 * Wire formats of the two AWS protocols the emulator speaks: awsJson1_1
 * (WorkSpaces) and awsQuery (STS), plus the error type the handlers throw.
 */

/** An HTTP response, built completely before it is written so a fault can drop it instead. */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Error code sent to the client, when the result is an error. */
  errorName?: string;
}

/** An error that a handler returns to the client in its service's error format. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  /** Wire code: `__type` for awsJson, `<Code>` for awsQuery. */
  readonly code: string;
  readonly status: number;
  /** Extra members of the error shape, e.g. `ResourceId`. */
  readonly fields: Record<string, string>;

  constructor(code: string, message: string, status = 400, fields: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function jsonResult(requestId: string, output: unknown): HttpResult {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output),
  };
}

export function jsonError(requestId: string, error: ServiceError): HttpResult {
  return {
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
    errorName: error.code,
  };
}

export function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A tree of XML elements: strings become escaped text, objects nested elements. */
export interface XmlTree {
  [element: string]: string | XmlTree;
}

export function renderXml(tree: XmlTree, indent = '  '): string {
  return Object.entries(tree)
    .map(([element, value]) => {
      if (typeof value === 'string') return `${indent}<${element}>${escapeXml(value)}</${element}>`;
      return `${indent}<${element}>\n${renderXml(value, `${indent}  `)}\n${indent}</${element}>`;
    })
    .join('\n');
}

/** Builds `<{Action}Response>` with `<{Action}Result>` and the request id. */
export function queryResult(requestId: string, action: string, result: XmlTree): HttpResult {
  const body =
    `<${action}Response xmlns="${STS_XML_NAMESPACE}">\n` +
    renderXml({ [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } }) +
    `\n</${action}Response>\n`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

export function queryError(requestId: string, error: ServiceError): HttpResult {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${STS_XML_NAMESPACE}">\n` +
    renderXml({ Error: { Type: type, Code: error.code, Message: error.message }, RequestId: requestId }) +
    `\n</ErrorResponse>\n`;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body,
    errorName: error.code,
  };
}
