import { foldEvents } from '@hub/event-store';
import { organisationDecider, type RegisterOrganisation } from './organisation.decider';
import type { OrganisationEvent } from './organisation.events';

const at = '2026-11-01T10:00:00.000Z';
const command: RegisterOrganisation = { type: 'RegisterOrganisation', sor: '200000000000002', name: 'Genoptræning Aarhus', sector: 'municipality', region: 'Midtjylland', at };
const registered: OrganisationEvent = { type: 'OrganisationRegistered', data: { sor: command.sor, name: command.name, sector: 'municipality', region: 'Midtjylland', registeredAt: at } };
const when = (given: OrganisationEvent[], c: RegisterOrganisation) => organisationDecider.decide(c, foldEvents(organisationDecider, given));

describe('organisation decider', () => {
  it('registers a unit with its sector and region', () => expect(when([], command)).toEqual([registered]));
  it('reloading the same entry has no effect', () => expect(when([registered], command)).toEqual([]));
  it('refuses to change a registered unit’s sector', () => expect(() => when([registered], { ...command, sector: 'hospital' })).toThrow(/different details/));
  it('names every problem of a bad entry', () => {
    try {
      when([], { ...command, sor: '12AB', sector: 'pharmacy' as never, name: '', region: ' ' });
      throw new Error('expected a validation error');
    } catch (err) {
      expect((err as { problems: { location: string }[] }).problems.map((p) => p.location)).toEqual(['sor', 'name', 'sector', 'region']);
    }
  });
});
