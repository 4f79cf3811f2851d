import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, denied, Roles } from '@hub/service-kit';
import { CareRelationshipCommands } from './care-relationship.commands';
import { EndCareRelationshipDto, StartCareRelationshipDto } from './care-relationship.dto';

/** A clinician records care for their own unit only; an administrator may record it for any unit (referrals). */
function assertMayActForUnit(actor: Actor, unitSor: string): void {
  if (actor.role === 'clinician' && actor.orgSor !== unitSor) throw denied(`a clinician of ${actor.orgSor} may not record care for unit ${unitSor}`);
}

@ApiTags('care relationships')
@Controller('patients/:patientId/care-relationships')
export class CareRelationshipController {
  constructor(private readonly commands: CareRelationshipCommands) {}

  @Post()
  @Roles('clinician', 'administrator')
  @ApiCreatedResponse({ description: 'Care relationship recorded and published' })
  async start(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: StartCareRelationshipDto, @CurrentActor() actor: Actor) {
    assertMayActForUnit(actor, body.unitSor);
    const { relationshipId } = await this.commands.start(patientId.toLowerCase(), body, new Date().toISOString());
    return { relationshipId, patientId, ...body };
  }

  @Post(':relationshipId/end')
  @HttpCode(200)
  @Roles('clinician', 'administrator')
  async end(
    @Param('patientId', new ParseUUIDPipe()) patientId: string,
    @Param('relationshipId', new ParseUUIDPipe()) relationshipId: string,
    @Body() body: EndCareRelationshipDto,
  ) {
    await this.commands.end(patientId.toLowerCase(), relationshipId.toLowerCase(), body.validTo, new Date().toISOString());
    return { relationshipId, patientId, validTo: body.validTo };
  }
}
