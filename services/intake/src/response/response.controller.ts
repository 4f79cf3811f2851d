import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, Roles } from '@hub/service-kit';
import { assertSubmitsForSelf } from '../access/own-response';
import { ResponseCommands } from './response.commands';

const FHIR_JSON = 'application/fhir+json';

/** FHIR R4 REST for QuestionnaireResponse. Errors become an OperationOutcome listing every issue (service-kit filter). */
@ApiTags('fhir')
@Controller('fhir/QuestionnaireResponse')
export class ResponseController {
  constructor(private readonly commands: ResponseCommands) {}

  @Post()
  @Roles('patient', 'clinician')
  @ApiOperation({ summary: 'Submit a QuestionnaireResponse for a dispatch; idempotent by identifier' })
  @ApiBody({ description: 'FHIR R4 QuestionnaireResponse', schema: { type: 'object' } })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    assertSubmitsForSelf(actor, body);
    const { created, response } = await this.commands.accept(body, new Date().toISOString());
    res
      .status(created ? 201 : 200)
      .location(`/fhir/QuestionnaireResponse/${String(response.id)}`)
      .type(FHIR_JSON)
      .send(JSON.stringify(response));
  }

  // TODO(issue 4): reads must pass the consent service's access decision and be logged; until then this
  // route serves the submitting client's read-back only and is not exposed beyond the hub's network.
  @Get(':id')
  @ApiOperation({ summary: 'Read an accepted QuestionnaireResponse' })
  async read(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): Promise<void> {
    res.type(FHIR_JSON).send(JSON.stringify(await this.commands.read(id)));
  }
}
