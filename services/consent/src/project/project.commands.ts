import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ResearchProjectRegistered } from '@hub/contracts';
import { foldEvents, readStream, type Queryable } from '@hub/event-store';
import { POOL } from '@hub/service-kit';
import { runCommand } from '../consent-store';
import { projectDecider, type RegisterProject } from './project.decider';
import { projectStreamId, type ProjectEvent } from './project.events';

export async function findProject(db: Queryable, projectId: string): Promise<ResearchProjectRegistered | undefined> {
  const events = await readStream(db, projectStreamId(projectId));
  return foldEvents(projectDecider, events.map((e) => ({ type: e.type, data: e.data }) as ProjectEvent)).registered;
}

@Injectable()
export class ProjectCommands {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async register(c: Omit<RegisterProject, 'type' | 'at'>, at: string): Promise<{ created: boolean }> {
    const result = await runCommand(this.pool, projectStreamId(c.projectId), projectDecider, { type: 'RegisterProject', ...c, at });
    return { created: result.events.length > 0 };
  }
}
