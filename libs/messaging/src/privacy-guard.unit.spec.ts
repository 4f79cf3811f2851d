import { topicOf } from '@hub/contracts';
import { assertPublishable, CPR_LIKE, findCprLike, PrivacyViolation, privacyRefusalCount, privacyRefusalsByTopic, UUID } from './privacy-guard';

describe('privacy guard', () => {
  it.each([
    ['010190-1234', '$'],
    ['0101901234', '$'],
    ['mit nummer er 241285 2941, ring', '$'],
  ])('finds a CPR-like value in %p', (value, path) => {
    expect(findCprLike(value)).toBe(path);
  });

  it('names the path of a CPR-like value deep in a record', () => {
    expect(findCprLike({ answers: [{ linkId: 'a', code: 'x' }, { linkId: 'b', code: '3112991234' }] })).toBe('$.answers[1].code');
  });

  it.each([['2026-11-01T10:00:00Z'], ['ABCDEFGHIJKLMNOP7'], ['12345678901'], ['321390-1234'], [7], ['pro.quality.records.v1']])('leaves %p alone', (value) => {
    expect(findCprLike(value)).toBeUndefined();
  });

  it('does not mistake a UUID holding a CPR-shaped run for a CPR number, but still finds one beside it', () => {
    const id = 'ab010190-1234-4abc-8def-0123456789ab';
    expect(findCprLike({ patientId: id, linkId: 'c2d3e4f5-0101-4901-a234-0101901234ab' })).toBeUndefined();
    expect(findCprLike(`${id} 010190-1234`)).toBe('$');
  });

  it('finds exactly what looking in the text with its UUIDs blanked out finds (the guard only blanks text that matches)', () => {
    // Strings made of the pieces that meet at a UUID's edges: digits, separators, hex letters, other letters.
    const pieces = ['ab010190-1234-4abc-8def-0123456789ab', '0101901234ab-0101-4901-a234-010190123456', '010190', '1234', '-', ' ', '0', 'a', 'x', 'F'];
    let seed = 7;
    const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % pieces.length];
    const plain = (text: string) => (CPR_LIKE.test(text.replace(UUID, ' ')) ? '$' : undefined);
    let found = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = Array.from({ length: 1 + (i % 6) }, pick).join('');
      expect([text, findCprLike(text)]).toEqual([text, plain(text)]);
      if (plain(text)) found++;
    }
    expect(found).toBeGreaterThan(250); // both outcomes are well represented
  });

  it('refuses CPR-like values outside treatment topics, and counts the refusal', () => {
    const before = privacyRefusalCount();
    expect(() => assertPublishable('pro.quality.records.v1', { note: '010190-1234' })).toThrow(PrivacyViolation);
    expect(() => assertPublishable('pro.public.indicators.v1', { n: 101901234 })).not.toThrow(); // nine digits: no CPR
    expect(() => assertPublishable('pro.ops.deadletter.v1', { reason: 'x 0101901234' })).toThrow(PrivacyViolation);
    expect(privacyRefusalCount()).toBe(before + 2);
  });

  it('counts refusals per topic, and nothing for what it lets through', () => {
    const before = privacyRefusalsByTopic();
    const count = (topic: string) => (privacyRefusalsByTopic()[topic] ?? 0) - (before[topic] ?? 0);
    expect(() => assertPublishable('pro.quality.records.v1', { answers: [{ linkId: 'x', code: '3112991234' }] })).toThrow(PrivacyViolation);
    expect(() => assertPublishable('pro.quality.records.v1', { note: '241285 2941' })).toThrow(PrivacyViolation);
    expect(() => assertPublishable('pro.public.indicators.v1', { reason: '0101901234' })).toThrow(PrivacyViolation);
    assertPublishable('pro.quality.records.v1', { answers: [{ linkId: 'x', integer: 7 }] });
    assertPublishable('pro.treatment.intake.v1', { cpr: '010190-1234' });
    expect([count('pro.quality.records.v1'), count('pro.public.indicators.v1'), count('pro.treatment.intake.v1')]).toEqual([2, 1, 0]);
  });

  it('guards a research project topic, resolved per event, like any other non-treatment topic', () => {
    const topic = topicOf('ResearchRecordsRetracted', { projectId: 'knee-2026' });
    expect(topic).toBe('pro.research.knee-2026.v1');
    expect(() => assertPublishable(topic, { pseudonym: 'ABCDEFGHIJKLMNOP7', note: '0101901234' })).toThrow(PrivacyViolation);
    expect(() => assertPublishable(topic, { pseudonym: 'ABCDEFGHIJKLMNOP7' })).not.toThrow();
  });

  it('lets treatment topics carry identifiers', () => {
    expect(() => assertPublishable('pro.treatment.consent.v1', { cpr: '010190-1234' })).not.toThrow();
  });
});
