import type { PoolClient } from 'pg';
import { isEncryptedField, type ErasedField, type JsonValue } from './envelope';
import type { SubjectKeys } from './subject-keys';

/**
 * Which fields of one event type are personal data that must be erasable, and whose they are.
 * Paths are dot-separated property names into the event's data (`cpr`, `address.line`).
 */
export interface PersonalDataRule {
  /** Path to the subject id (stays in clear: readers and erasure need it). */
  subject: string;
  /** Paths of the fields to encrypt; a field absent from an event is skipped. */
  fields: string[];
  /**
   * Property names whose every value is encrypted wherever it occurs in the data, at any depth and inside
   * arrays: for personal data inside repeating structures a dot path cannot name (`valueString` in a FHIR
   * response's nested items). Never the subject's own property name.
   */
  keysAnywhere?: string[];
}

/** Event type → its personal fields. Types not listed are stored as they are. */
export type PersonalDataPolicy = Readonly<Record<string, PersonalDataRule>>;

export type FieldCipher = Pick<SubjectKeys, 'encryptField' | 'decryptField'>;

type JsonObject = { [key: string]: JsonValue };

function getIn(data: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as JsonObject)[key] : undefined), data);
}

const getAt = (data: unknown, path: string) => getIn(data, path.split('.'));

/** Only called for a path getAt found a value at, so every parent exists. */
function setAt(data: JsonObject, path: string, value: JsonValue): void {
  const keys = path.split('.');
  (getIn(data, keys.slice(0, -1)) as JsonObject)[keys[keys.length - 1]] = value;
}

/** Encrypts, in place and depth first, every value held under one of `keys` anywhere below `node`. */
async function encryptKeysAnywhere(node: unknown, keys: ReadonlySet<string>, seal: (value: JsonValue) => Promise<JsonValue>): Promise<void> {
  if (node === null || typeof node !== 'object' || isEncryptedField(node)) return;
  if (Array.isArray(node)) {
    for (const item of node) await encryptKeysAnywhere(item, keys, seal);
    return;
  }
  const object = node as JsonObject;
  for (const [key, value] of Object.entries(object)) {
    if (!keys.has(key)) await encryptKeysAnywhere(value, keys, seal);
    else if (value !== undefined && !isEncryptedField(value)) object[key] = await seal(value);
  }
}

/**
 * The event's data with its declared personal fields encrypted under the subject's key: what to store and
 * publish. Already encrypted fields are left alone, so encoding twice (a retried command) is harmless.
 */
export async function encryptPersonalFields(cipher: FieldCipher, policy: PersonalDataPolicy, type: string, data: unknown, tx?: PoolClient): Promise<unknown> {
  const rule = policy[type];
  if (!rule) return data;
  const subject = getAt(data, rule.subject);
  if (typeof subject !== 'string' || subject === '') throw new TypeError(`${type}: subject path ${rule.subject} holds no subject id`);
  const anywhere = new Set(rule.keysAnywhere ?? []);
  if (rule.fields.includes(rule.subject) || rule.subject.split('.').some((key) => anywhere.has(key))) {
    throw new TypeError(`${type}: the subject id ${rule.subject} cannot itself be encrypted`);
  }
  const seal = async (value: JsonValue) => (await cipher.encryptField(subject, value, tx)) as unknown as JsonValue;
  const copy = structuredClone(data) as JsonObject;
  for (const path of rule.fields) {
    const value = getAt(copy, path);
    if (value === undefined || isEncryptedField(value)) continue;
    setAt(copy, path, await seal(value as JsonValue));
  }
  if (anywhere.size > 0) await encryptKeysAnywhere(copy, anywhere, seal);
  return copy;
}

/** Decrypted data, and the paths (JSON pointers) where an erased subject's field now reads as an ErasedField marker. */
export interface DecryptedData {
  data: unknown;
  erased: string[];
}

/**
 * Replaces every envelope found anywhere in the data by its value, or by an ErasedField marker when the
 * subject was erased. Needs no policy: envelopes describe themselves, so old events keep decrypting after the
 * policy changes.
 */
export async function decryptPersonalFields(cipher: FieldCipher, data: unknown, tx?: PoolClient): Promise<DecryptedData> {
  const erased: string[] = [];
  async function walk(node: unknown, pointer: string): Promise<unknown> {
    if (isEncryptedField(node)) {
      const result = await cipher.decryptField(node, tx);
      if (result.status === 'ok') return result.value;
      erased.push(pointer);
      const marker: ErasedField = { $erased: node.$enc, subject: result.subject, erasedAt: result.erasedAt };
      return marker;
    }
    if (Array.isArray(node)) return Promise.all(node.map((item, i) => walk(item, `${pointer}/${i}`)));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) out[key] = await walk(value, `${pointer}/${key}`);
      return out;
    }
    return node;
  }
  return { data: await walk(data, ''), erased };
}

/**
 * The pair handleCommand takes as `encode`/`decode` (and any reader can use): encrypt a decided event's
 * personal fields before it is appended, decrypt history before it is folded. Both run on the command's own
 * transaction: taking a second pool connection there deadlocks once every connection is inside a command.
 */
export function personalDataCodec(cipher: FieldCipher, policy: PersonalDataPolicy) {
  return {
    encode: (event: { type: string; data: unknown }, tx?: PoolClient) => encryptPersonalFields(cipher, policy, event.type, event.data, tx),
    decode: async (event: { type: string; data: unknown }, tx?: PoolClient) => (await decryptPersonalFields(cipher, event.data, tx)).data,
  };
}
