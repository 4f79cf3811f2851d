import { orderWorklist, type WorklistResponse } from './worklist';

const r = (responseId: string, triage: WorklistResponse['triage'], receivedAt: string): WorklistResponse => ({ responseId, triage, receivedAt });

describe('worklist order', () => {
  it('puts red first, then yellow, unscored, green; the oldest first within a colour', () => {
    const [entry] = orderWorklist([
      {
        patientId: 'p',
        flagged: false,
        responses: [r('g-old', 'green', '2026-01-01T00:00:00Z'), r('y-new', 'yellow', '2026-01-05T00:00:00Z'), r('n', 'not-scored', '2026-01-01T00:00:00Z'), r('r', 'red', '2026-01-09T00:00:00Z'), r('y-old', 'yellow', '2026-01-02T00:00:00Z')],
      },
    ]);
    expect(entry.responseIds).toEqual(['r', 'y-old', 'y-new', 'n', 'g-old']);
    expect(entry.responses.map((x) => x.triage)).toEqual(['red', 'yellow', 'yellow', 'not-scored', 'green']);
  });

  it('orders patients by their most urgent response and leaves out patients with nothing to show', () => {
    const list = orderWorklist([
      { patientId: 'calm', flagged: false, responses: [r('a', 'green', '2026-01-01T00:00:00Z')] },
      { patientId: 'empty', flagged: false, responses: [] },
      { patientId: 'late-red', flagged: true, responses: [r('b', 'red', '2026-01-03T00:00:00Z')] },
      { patientId: 'early-red', flagged: false, responses: [r('c', 'green', '2026-01-01T00:00:00Z'), r('d', 'red', '2026-01-02T00:00:00Z')] },
    ]);
    expect(list.map((e) => e.patientId)).toEqual(['early-red', 'late-red', 'calm']);
    expect(list[1].flagged).toBe(true);
  });
});
