import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import EncryptedField from '../../../contracts/events/defs/EncryptedField.v1.json';
import { EVENT_CONTRACTS, schemaOf, schemaVersionsOf } from './registry';
import type { EventPayloads, EventType } from './events';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
// Shared definitions event schemas may $ref (an encrypted personal field, for one).
ajv.addSchema(EncryptedField);
// Every version is compiled, not only the current one: stores and topics keep old events forever. Keyed by type,
// then version: the relay looks one up per event, and a composed `type@version` key cost a string per lookup.
const validators = new Map<string, Map<number, ValidateFunction>>(
  Object.values(EVENT_CONTRACTS).map((c) => [c.type, new Map(schemaVersionsOf(c.type).map((v) => [v, ajv.compile(schemaOf(c.type, v)!)] as const))] as const),
);

/** Why an event failed its contract; every problem, not just the first. */
export class ContractViolation extends Error {
  readonly code = 'validation';
  readonly retriable = false;
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`${eventType} violates its contract: ${problems.join('; ')}`);
  }
}

/** Checks an event payload against the JSON Schema of the version it names; throws ContractViolation listing every problem. */
export function assertValidEvent<T extends EventType>(type: T | string, schemaVersion: number, data: unknown): asserts data is EventPayloads[T] {
  const byVersion = validators.get(type);
  if (!byVersion) throw new ContractViolation(type, ['unknown event type']);
  const validate = byVersion.get(schemaVersion);
  if (!validate) throw new ContractViolation(type, [`unknown schema version ${schemaVersion} (known: ${schemaVersionsOf(type).join(', ')})`]);
  if (!validate(data)) {
    throw new ContractViolation(
      type,
      (validate.errors ?? []).map((e) => `v${schemaVersion} ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`),
    );
  }
}

/** `$ref` target for an encrypted personal field in event schemas (see contracts/events/defs/EncryptedField.v1.json). */
export const ENCRYPTED_FIELD_SCHEMA_ID = EncryptedField.$id;

/** Checks a value against a shared definition by its `$id`; the problems found, empty when valid. */
export function definitionProblems(id: string, value: unknown): string[] {
  const validate = ajv.getSchema(id);
  if (!validate) return [`unknown definition ${id}`];
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
