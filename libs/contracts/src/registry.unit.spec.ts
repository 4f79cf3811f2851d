import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { EVENT_CONTRACTS, schemaOf, schemaVersionsOf } from './registry';
import { UPCASTERS } from './upcasters';

const CONTRACTS = path.resolve(__dirname, '../../../contracts');

describe('contract registry', () => {
  const types = Object.keys(EVENT_CONTRACTS);

  it('has an upcaster for every step from each older version to the current one', () => {
    const missing = types.flatMap((type) =>
      schemaVersionsOf(type)
        .slice(0, -1)
        .filter((v) => !UPCASTERS[type as keyof typeof UPCASTERS]?.[v])
        .map((v) => `${type} v${v}→v${v + 1}`),
    );
    expect(missing).toEqual([]);
  });

  it('has versions 1..current with no gaps, each schema identifying itself as <Type>:<N>', () => {
    for (const type of types) {
      const versions = schemaVersionsOf(type);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      for (const v of versions) expect((schemaOf(type, v) as { $id: string }).$id).toBe(`urn:pro-hub:event:${type}:${v}`);
    }
  });

  it('registers every schema file in contracts/events, and keeps a file for every registered version', () => {
    const files = readdirSync(path.join(CONTRACTS, 'events')).filter((f) => /^[A-Za-z]+\.v\d+\.json$/.test(f)).sort();
    const registered = types.flatMap((type) => schemaVersionsOf(type).map((v) => `${type}.v${v}.json`)).sort();
    expect(registered).toEqual(files);
  });

  it('documents in asyncapi.yaml the current payload of each message and, once evolved, every version still readable', () => {
    const messages = parse(readFileSync(path.join(CONTRACTS, 'asyncapi.yaml'), 'utf8')).components.messages;
    for (const type of types) {
      const versions = schemaVersionsOf(type);
      expect({ type, payload: messages[type].payload.$ref }).toEqual({ type, payload: `./events/${type}.v${versions.at(-1)}.json` });
      if (versions.length > 1) {
        expect(messages[type]['x-schema-versions'].map((v: { version: number; schema: string }) => [v.version, v.schema])).toEqual(
          versions.map((v) => [v, `./events/${type}.v${v}.json`]),
        );
      }
    }
  });
});
