import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { Actor } from '@hub/access-policy';
import { inTransaction } from '@hub/event-store';
import { CurrentActor, LOGGER, notFound, POOL, Roles, validationError } from '@hub/service-kit';
import { findProject } from '../research/research.tables';
import { KeyStoreDomains } from './key-store-domains';
import { parseDomain, projectOf } from './pseudonym-domains';

/**
 * Key rotation per pseudonym domain, and of the master key that wraps them all. A rotation makes the domain's next key version; patients already in the
 * domain keep their pseudonym (the registry pins it), new patients get pseudonyms under the new key.
 */
@ApiTags('pseudonym domains')
@Controller('pseudonym-domains')
export class DomainRotationController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(KeyStoreDomains) private readonly domains: KeyStoreDomains,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  /** Re-wraps every domain key under the current master key (PSEUDONYM_MASTER_KEY / _VERSION). */
  @Post('master-key-rotations')
  @HttpCode(201)
  @Roles('administrator')
  @ApiCreatedResponse({ description: 'The current master key version and how many domain keys were re-wrapped under it' })
  async rotateMaster(@CurrentActor() actor: Actor): Promise<{ masterVersion: number; rewrapped: number }> {
    const result = await inTransaction(this.pool, (tx) => this.domains.rewrapUnderCurrentMaster(tx));
    this.logger.info({ actor: actor.subject, role: actor.role, ...result }, 'pseudonym domain keys re-wrapped under the current master key');
    return result;
  }

  @Post(':domain/rotations')
  @HttpCode(201)
  @Roles('administrator')
  @ApiParam({ name: 'domain', example: 'research:knee-2026', description: "'quality' or 'research:<project id>'" })
  @ApiCreatedResponse({ description: 'The new key version; the domain uses it for patients entering from now on' })
  async rotate(@Param('domain') value: string, @CurrentActor() actor: Actor): Promise<{ domain: string; keyVersion: number }> {
    const domain = parseDomain(value);
    if (!domain) {
      this.logger.warn({ actor: actor.subject, domain: value }, 'key rotation refused: not a pseudonym domain');
      throw validationError(`${JSON.stringify(value)} is not a pseudonym domain`, [{ location: 'domain', message: "a domain is 'quality' or 'research:<project id>'" }]);
    }
    const projectId = projectOf(domain);
    const rotated = await inTransaction(this.pool, async (tx) => {
      if (projectId && !(await findProject(tx, projectId))) return undefined;
      return this.domains.rotate(tx, domain);
    });
    if (!rotated) {
      this.logger.warn({ actor: actor.subject, domain }, 'key rotation refused: unknown research project');
      throw notFound(`research project ${projectId} is not registered here`);
    }
    this.logger.info({ actor: actor.subject, role: actor.role, domain, keyVersion: rotated.keyVersion }, 'pseudonym domain key rotated');
    return rotated;
  }
}
