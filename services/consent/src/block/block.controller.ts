import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, Roles } from '@hub/service-kit';
import { assertActsFor } from '../own-patient';
import { BlockCommands } from './block.commands';
import { OverrideBlockDto, PlaceBlockDto } from './block.dto';

@ApiTags('blocks')
@Controller('patients/:patientId')
export class BlockController {
  constructor(private readonly commands: BlockCommands) {}

  @Post('blocks')
  @Roles('patient', 'clinician', 'administrator')
  @ApiCreatedResponse({ description: 'Block (spærring) recorded and published' })
  async place(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: PlaceBlockDto, @CurrentActor() actor: Actor) {
    assertActsFor(actor, patientId);
    const { blockId } = await this.commands.place(patientId.toLowerCase(), body, new Date().toISOString());
    return { blockId, patientId, ...body };
  }

  @Post('blocks/:blockId/lift')
  @HttpCode(200)
  @Roles('patient', 'clinician', 'administrator')
  async lift(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Param('blockId', new ParseUUIDPipe()) blockId: string, @CurrentActor() actor: Actor) {
    assertActsFor(actor, patientId);
    await this.commands.lift(patientId.toLowerCase(), blockId.toLowerCase(), new Date().toISOString());
    return { blockId, lifted: true };
  }

  /** The override is for the clinician's own unit and for them personally; every access under it is flagged. */
  @Post('overrides')
  @Roles('clinician')
  @ApiOperation({ summary: 'Override the patient’s blocks for a short period, with the patient’s consent or for vital interest' })
  async override(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: OverrideBlockDto, @CurrentActor() actor: Actor) {
    const result = await this.commands.override(patientId.toLowerCase(), { unitSor: actor.orgSor, professional: actor.subject, reason: body.reason, validTo: body.validTo }, new Date().toISOString());
    return { ...result, patientId, unitSor: actor.orgSor, reason: body.reason };
  }
}
