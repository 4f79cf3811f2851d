import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { topicOf } from './registry';
import { classificationOf, isResearchProjectId, researchTopicOf, TOPIC_TEMPLATES, TOPICS } from './topics';

describe('research project ids', () => {
  it.each(['knee-2026', 'a', '9', 'a'.repeat(40), 'hip-and-knee-2'])('accepts %s', (id) => expect(isResearchProjectId(id)).toBe(true));
  it.each(['', 'a'.repeat(41), 'Knee', 'knee_2026', 'knee.2026', '-knee', 'knee-', 'knee 2026', 'pro.quality'])('refuses %j', (id) => expect(isResearchProjectId(id)).toBe(false));
});

describe('per-project research topics', () => {
  it('names one research topic per project', () => {
    expect(researchTopicOf('knee-2026')).toBe('pro.research.knee-2026.v1');
    expect(classificationOf(researchTopicOf('knee-2026'))).toBe('research');
  });

  it('resolves a research event to its own project topic, and other events to their fixed topic', () => {
    expect(topicOf('ResearchRecordReleased', { projectId: 'knee-2026' })).toBe('pro.research.knee-2026.v1');
    expect(topicOf('ResearchRecordsRetracted', { projectId: 'hip' })).toBe('pro.research.hip.v1');
    expect(topicOf('QualityRecordRetracted', {})).toBe(TOPICS.qualityRecords);
  });

  it('refuses a research event that names no valid project rather than guessing a topic', () => {
    expect(() => topicOf('ResearchRecordReleased', {})).toThrow(/not a research project id/);
    expect(() => topicOf('ResearchRecordReleased', { projectId: 'x.v1.pro.quality' })).toThrow(/not a research project id/);
  });

  it('mirrors the template declared in deploy/topics.yaml', () => {
    const { templates } = parse(readFileSync(path.resolve(__dirname, '../../../deploy/topics.yaml'), 'utf8'));
    const declared = templates.map((t: Record<string, unknown>) => ({ name: t.name, partitions: t.partitions, retentionMs: t['retention.ms'], cleanupPolicy: t['cleanup.policy'], classification: t.classification }));
    expect(declared).toEqual([{ ...TOPIC_TEMPLATES.research, classification: 'research' }]);
  });
});
