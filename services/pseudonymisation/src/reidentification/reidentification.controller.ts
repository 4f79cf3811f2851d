import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hub/access-policy';
import type { ReidentificationActor } from '@hub/contracts';
import { CurrentActor } from '@hub/service-kit';
import { JUSTIFICATIONS, MAX_PSEUDONYMS, PURPOSES } from './reidentification-checks';
import { ReidentificationCommands } from './reidentification.commands';

const REQUEST_BODY = {
  type: 'object',
  required: ['purpose', 'justification', 'domain', 'pseudonyms'],
  additionalProperties: false,
  properties: {
    purpose: { enum: [...PURPOSES] },
    justification: { enum: [...JUSTIFICATIONS] },
    domain: { enum: ['quality'] },
    pseudonyms: { type: 'array', minItems: 1, maxItems: MAX_PSEUDONYMS, items: { type: 'string', pattern: '^[A-Z2-7]{16}[0-9A-Z]$' } },
  },
};

const actorOf = (a: Actor): ReidentificationActor => ({ subject: a.subject, role: a.role, orgSor: a.orgSor });

/**
 * Re-identification of quality pseudonyms (DOMAIN.md use case B). No @Roles here on purpose: a wrong role is
 * refused by the decider, so the refusal is recorded like every other one ("logged either way"). The body is
 * not a validated DTO for the same reason: the decider checks it and records what it refused.
 */
@ApiTags('re-identification')
@Controller('reidentification-requests')
export class ReidentificationController {
  constructor(private readonly commands: ReidentificationCommands) {}

  @Post()
  @ApiOperation({ summary: 'A clinician asks who is behind quality pseudonyms, for a coded purpose; needs two approvals' })
  @ApiBody({ schema: REQUEST_BODY })
  async request(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const requested = await this.commands.request(actorOf(actor), body, new Date().toISOString());
    const { requestId, purpose, justification, domain, pseudonyms, requestedAt, approvalDeadline } = requested;
    return { requestId, status: 'awaiting-approval', purpose, justification, domain, pseudonyms: pseudonyms.length, requestedAt, approvalDeadline };
  }

  @Post(':requestId/approvals')
  @HttpCode(200)
  @ApiOperation({ summary: 'An administrator other than the requester approves; the second approval releases the identities to the requesting unit for 24 hours' })
  async approve(@Param('requestId', new ParseUUIDPipe()) requestId: string, @CurrentActor() actor: Actor) {
    const { approvals, release } = await this.commands.approve(requestId.toLowerCase(), actorOf(actor), new Date().toISOString());
    return { requestId, approvals, status: release ? 'released' : 'awaiting-approval', ...(release ? { releasedToSor: release.releasedToSor, validUntil: release.validUntil } : {}) };
  }

  @Get(':requestId/identities')
  @ApiOperation({ summary: 'The requesting unit reads the internal patient id behind each pseudonym (then opens the patient through consent, which logs access)' })
  async identities(@Param('requestId', new ParseUUIDPipe()) requestId: string, @CurrentActor() actor: Actor) {
    const { read, validUntil } = await this.commands.identities(requestId.toLowerCase(), actorOf(actor), new Date().toISOString());
    return { requestId, identities: read.identities, notFound: read.notFound, validUntil };
  }
}
