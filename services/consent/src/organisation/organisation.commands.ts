import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { notFound, POOL, validationError } from '@hub/service-kit';
import { runCommand } from '../consent-store';
import { organisationDecider, organisationProblems, type RegisterOrganisation } from './organisation.decider';
import { organisationStreamId } from './organisation.events';
import { findOrganisation, indexOrganisation, ORGANISATIONS_DDL, type Organisation } from './organisation.table';

export type OrganisationEntry = Omit<RegisterOrganisation, 'type' | 'at'>;

/** Loads the organisation register: every entry is checked before any is written, so a bad file records nothing. */
@Injectable()
export class OrganisationCommands implements OnModuleInit {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await this.pool.query(ORGANISATIONS_DDL);
  }

  async load(entries: OrganisationEntry[], at: string): Promise<{ registered: number; unchanged: number }> {
    if (!Array.isArray(entries) || entries.length === 0) throw validationError('the register is a non-empty array of organisations');
    const problems = entries.flatMap((e, i) => organisationProblems(e ?? {}, `[${i}].`));
    const sors = entries.map((e) => e?.sor);
    const duplicates = sors.filter((s, i) => sors.indexOf(s) !== i);
    problems.push(...duplicates.map((s) => ({ location: 'sor', message: `${String(s)} appears more than once` })));
    if (problems.length > 0) throw validationError('invalid organisation register', problems);
    let registered = 0;
    for (const e of entries) {
      const command: RegisterOrganisation = { type: 'RegisterOrganisation', sor: e.sor, name: e.name, sector: e.sector, region: e.region, at };
      const result = await runCommand(this.pool, organisationStreamId(e.sor), organisationDecider, command, async (tx, events) => {
        for (const ev of events) await indexOrganisation(tx, ev.data);
      });
      registered += result.events.length;
    }
    return { registered, unchanged: entries.length - registered };
  }

  async find(sor: string): Promise<Organisation> {
    const found = await findOrganisation(this.pool, sor);
    if (!found) throw notFound(`organisation ${sor} is not in the register`);
    return found;
  }
}
