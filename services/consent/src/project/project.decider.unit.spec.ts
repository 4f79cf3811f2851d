import { foldEvents } from '@hub/event-store';
import { projectDecider, type RegisterProject } from './project.decider';
import type { ProjectEvent } from './project.events';

const at = '2026-11-01T10:00:00.000Z';
const command: RegisterProject = { type: 'RegisterProject', projectId: 'knee-2026', title: 'Knee outcomes', consentTextVersions: ['1.0'], at };
const when = (given: ProjectEvent[], c: RegisterProject) => projectDecider.decide(c, foldEvents(projectDecider, given));

describe('research project decider', () => {
  it('registers a project with its consent text versions, once', () => {
    const events = when([], command);
    expect(events).toEqual([{ type: 'ResearchProjectRegistered', data: { projectId: 'knee-2026', title: 'Knee outcomes', consentTextVersions: ['1.0'], registeredAt: at } }]);
    expect(when(events, command)).toEqual([]);
  });
  it('names every problem', () => {
    expect(() => when([], { ...command, projectId: 'Knee 2026', title: '', consentTextVersions: [] })).toThrow(/invalid research project/);
  });
  it('takes a project id of at most 40 characters, as it names the project topic, schema and reader role', () => {
    expect(when([], { ...command, projectId: 'a'.repeat(40) })).toHaveLength(1);
    for (const projectId of ['a'.repeat(41), 'knee_2026', '-knee', 'knee-']) {
      expect(() => when([], { ...command, projectId })).toThrow(/invalid research project/);
    }
  });
});
