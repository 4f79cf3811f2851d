import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { QuestionnaireDispatched } from '@hub/contracts';
import { CLOCK, type Clock } from '../scheduling/clock';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, Roles } from '@hub/service-kit';
import { assertActsForUnit } from '../patients/care-access';
import { DispatchCommands } from './dispatch.commands';
import { DispatchQuestionnaireDto } from './dispatch.dto';

@ApiTags('dispatches')
@Roles('clinician', 'administrator')
@Controller('dispatches')
export class DispatchController {
  constructor(
    private readonly commands: DispatchCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiCreatedResponse({ description: 'Dispatched; the body is the dispatch' })
  @ApiNotFoundResponse({ description: 'Unknown patient or questionnaire version (both named when both)' })
  @ApiConflictResponse({ description: 'The patient has not consented to treatment use, or the unit has no active, unblocked care relationship' })
  @ApiForbiddenResponse({ description: 'A clinician dispatching for another unit than their own' })
  async dispatch(@Body() body: DispatchQuestionnaireDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<QuestionnaireDispatched> {
    assertActsForUnit(actor, body.unitSor);
    const dispatched = await this.commands.dispatch(body, this.clock.now());
    res.status(201).location(`/dispatches/${dispatched.dispatchId}`);
    return dispatched;
  }

  @Get(':dispatchId')
  @ApiOkResponse({ description: 'The dispatch (the read is in the patient\'s access log)' })
  @ApiForbiddenResponse({ description: 'A clinician of another unit than the ordering one (the refusal is logged too)' })
  describe(@Param('dispatchId', new ParseUUIDPipe()) dispatchId: string, @CurrentActor() actor: Actor): Promise<QuestionnaireDispatched> {
    return this.commands.read(dispatchId, actor, this.clock.now());
  }
}
