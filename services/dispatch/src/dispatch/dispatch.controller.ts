import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { QuestionnaireDispatched } from '@hub/contracts';
import { CLOCK, type Clock } from '../scheduling/clock';
import { Roles } from '@hub/service-kit';
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
  @ApiConflictResponse({ description: 'The patient has not consented to treatment use' })
  async dispatch(@Body() body: DispatchQuestionnaireDto, @Res({ passthrough: true }) res: Response): Promise<QuestionnaireDispatched> {
    const dispatched = await this.commands.dispatch(body, this.clock.now());
    res.status(201).location(`/dispatches/${dispatched.dispatchId}`);
    return dispatched;
  }

  @Get(':dispatchId')
  @ApiOkResponse({ description: 'The dispatch' })
  describe(@Param('dispatchId', new ParseUUIDPipe()) dispatchId: string): Promise<QuestionnaireDispatched> {
    return this.commands.describe(dispatchId);
  }
}
