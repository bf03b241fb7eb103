/** Access keys the emulator accepts: one ambient key pair and the session keys STS issued. */
import { randomBytes, randomInt } from 'node:crypto';

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for session credentials, which must be sent as `X-Amz-Security-Token`. */
  sessionToken?: string;
  /** Expiration of session credentials. */
  expiration?: Date;
  kind: 'ambient' | 'session';
  /** ARN of the IAM user or assumed-role session, returned by GetCallerIdentity. */
  arn: string;
  /** GetCallerIdentity `UserId`: the user id, or `roleId:sessionName` for sessions. */
  userId: string;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Returns `prefix` followed by random characters from the access key alphabet (upper case and digits). */
export function randomKeyId(prefix: string, length = 20): string {
  let id = prefix;
  while (id.length < length) id += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return id;
}

export function randomSecret(): string {
  return randomBytes(30).toString('base64');
}

/** Returns an opaque session token; real ones are several hundred base64 characters. */
export function randomSessionToken(): string {
  return randomBytes(300).toString('base64');
}

export class CredentialStore {
  readonly #records = new Map<string, CredentialRecord>();

  add(record: CredentialRecord): void {
    this.#records.set(record.accessKeyId, record);
  }

  get(accessKeyId: string): CredentialRecord | undefined {
    return this.#records.get(accessKeyId);
  }
}
