import { checkDelivery, type Delivered } from './delivery-check';

const written = new Map([
  ['s1', ['a', 'b', 'c']],
  ['s2', ['x', 'y']],
]);
const at = (key: string, eventId: string, offset: number, partition = 0): Delivered => ({ key, eventId, offset: String(offset), partition });

describe('delivery check used by the crash tests', () => {
  it('accepts a re-sent prefix after a crash and counts the duplicates', () => {
    const delivered = [at('s1', 'a', 0), at('s1', 'b', 1), at('s1', 'a', 2), at('s1', 'b', 3), at('s1', 'c', 4), at('s2', 'x', 0, 1), at('s2', 'y', 1, 1)];
    expect(checkDelivery(written, delivered)).toEqual({ missing: [], outOfOrder: [], duplicates: 2 });
  });

  it('reports a lost event and a stream delivered out of order', () => {
    const delivered = [at('s1', 'a', 0), at('s1', 'c', 1), at('s1', 'b', 2), at('s2', 'x', 0, 1)];
    expect(checkDelivery(written, delivered)).toEqual({ missing: ['y'], outOfOrder: ['s1'], duplicates: 0 });
  });

  it('ignores other tests’ messages on the same topic', () => {
    expect(checkDelivery(written, [at('other', 'q', 0)]).missing).toHaveLength(5);
  });
});
