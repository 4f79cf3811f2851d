import { planSeeks } from './consumer-positions';

describe('resume positions after a rebalance', () => {
  const stored = new Map([['t:0', 42n]]);
  const low = new Map([
    ['t:0', 0n],
    ['t:1', 7n],
  ]);

  it('a partition the database has consumed resumes at the database offset, not at Kafka’s', () => {
    expect(planSeeks({ t: [0] }, stored, low)).toEqual([{ topic: 't', partition: 0, offset: 42n }]);
  });

  it('a partition the database never consumed is read from its first retained offset', () => {
    expect(planSeeks({ t: [1] }, stored, low)).toEqual([{ topic: 't', partition: 1, offset: 7n }]);
  });

  it('plans one seek per assigned partition across topics', () => {
    expect(planSeeks({ t: [0, 1], u: [0] }, stored, low).map((s) => `${s.topic}:${s.partition}@${s.offset}`)).toEqual(['t:0@42', 't:1@7', 'u:0@0']);
  });
});
