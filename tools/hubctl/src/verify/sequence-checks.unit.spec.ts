import { columnsOf } from './event-columns';
import type { EventRecord } from './event-row';
import { checkSequence as checkColumns, sequenceColumnsOf, type SequenceRow } from './sequence-checks';

/** The check over rows and records, as the sources produce them, through the same column adapters they use. */
const checkSequence = (rows: SequenceRow[], records: EventRecord[]) => checkColumns(sequenceColumnsOf(rows), columnsOf(records));

const event = (position: number, tx: number): EventRecord => ({
  position: String(position),
  transactionId: String(tx),
  streamId: `s-${position}`,
  streamVersion: 1,
  eventId: `e-${position}`,
  storedHash: `h${position}`,
  prevHash: '00',
  computedHash: `h${position}`,
});
const events = [event(1, 10), event(2, 12), event(3, 11), event(4, 13)];
const row = (seq: number, position: number) => ({ seq, position: String(position), eventHash: `h${position}` });

describe('audit sequence checks', () => {
  it('accepts a dense sequence in commit order, with an unsealed tail', () => {
    // Commit order is (transaction, position): 1 (tx 10), 3 (tx 11), 2 (tx 12), then 4 (tx 13) not sealed yet.
    expect(checkSequence([row(0, 1), row(1, 3), row(2, 2)], events)).toEqual({ summary: { entries: 3, unsealedTail: 1 }, problems: [] });
  });

  it('names a gap, a vanished event, a changed hash, a break in commit order and a skipped event', () => {
    const kinds = (rows: ReturnType<typeof row>[]) => checkSequence(rows, events).problems.map((p) => p.kind);
    expect(kinds([row(0, 1), row(2, 3)])).toContain('sequence-gap');
    expect(kinds([row(0, 1), row(1, 9)])).toContain('sealed-event-missing');
    expect(kinds([row(0, 1), { ...row(1, 3), eventHash: 'forged' }])).toContain('sealed-hash-differs');
    expect(kinds([row(0, 2), row(1, 3)])).toContain('sequence-order');
    expect(kinds([row(0, 1), row(1, 2)])).toEqual(['unsealed-event']); // 3 committed before 2 but is missing
  });
});
