import fc from 'fast-check';
import { ZERO_HASH } from '@hub/event-store';
import { checkChains } from './chain-checks';
import type { EventRecord } from './event-row';
import { PartitionColumns } from './partition-columns';

const ZERO_HEX = ZERO_HASH.toString('hex');
const hex = (stream: number, version: number) => `${stream.toString(16).padStart(4, '0')}${version.toString(16).padStart(4, '0')}`.padEnd(64, 'a');

/** Honest streams: versions 1..n, each linked to the previous one's hash, recomputed hash = stored. */
function honestLog(lengths: number[]): EventRecord[] {
  const records: EventRecord[] = [];
  let position = 1;
  lengths.forEach((n, s) => {
    for (let v = 1; v <= n; v++) {
      records.push({ position: String(position++), transactionId: String(1000 + s), streamId: `stream-${s}`, streamVersion: v, eventId: `e-${s}-${v}`, storedHash: hex(s, v), prevHash: v === 1 ? ZERO_HEX : hex(s, v - 1), computedHash: hex(s, v) });
    }
  });
  return records;
}

type Damage = { kind: 'drop' | 'mutate' | 'relink' | 'duplicate' | 'unreadable'; at: number };

function damaged(records: EventRecord[], damage: Damage[]): EventRecord[] {
  const out = [...records];
  for (const { kind, at } of damage) {
    if (out.length === 0) break;
    const i = at % out.length;
    if (kind === 'drop') out.splice(i, 1);
    else if (kind === 'mutate') out[i] = { ...out[i], computedHash: 'f'.repeat(64) };
    else if (kind === 'relink') out[i] = { ...out[i], prevHash: 'e'.repeat(64) };
    else if (kind === 'duplicate') out.splice(i, 0, { ...out[i], position: String(90_000 + i) });
    else out[i] = { ...out[i], storedHash: '', prevHash: '', computedHash: '', problem: 'unreadable row: test' };
  }
  return out;
}

/** Arrival order: table order with some rows moved (an UPDATE moves a row to the end of the heap). */
function arrival(records: EventRecord[], moves: number[]): EventRecord[] {
  const out = [...records];
  for (const m of moves) if (out.length > 0) out.push(...out.splice(m % out.length, 1));
  return out;
}

describe('partition columns: the chain check', () => {
  it('finds exactly what checkChains over all records finds, for any damage and arrival order', () => {
    const damage = fc.array(fc.record({ kind: fc.constantFrom<Damage['kind']>('drop', 'mutate', 'relink', 'duplicate', 'unreadable'), at: fc.nat() }), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }), damage, fc.array(fc.nat(), { maxLength: 5 }), (lengths, harm, moves) => {
        const records = arrival(damaged(honestLog(lengths), harm), moves);
        const columns = new PartitionColumns();
        for (const r of records) columns.record(r);
        const fast = columns.finish();
        const full = checkChains(records);
        expect(fast.streams).toBe(full.streams);
        expect(new Set(fast.problems.map((p) => JSON.stringify(p)))).toEqual(new Set(full.problems.map((p) => JSON.stringify(p))));
        expect(fast.problems).toHaveLength(full.problems.length);
        expect(fast.columns.position).toHaveLength(records.length);
      }),
      { numRuns: 1_000 },
    );
  });

  it('an honest log read in order verifies', () => {
    const columns = new PartitionColumns();
    for (const r of honestLog([3, 1, 4])) columns.record(r);
    expect(columns.finish()).toMatchObject({ streams: 3, problems: [] });
  });
});
