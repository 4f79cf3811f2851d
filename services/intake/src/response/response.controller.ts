import { Body, Controller, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, FHIR_JSON, Roles } from '@hub/service-kit';
import { assertSubmitsForSelf } from '../access/own-response';
import { ResponseCommands } from './response.commands';


/**
 * FHIR R4 REST for QuestionnaireResponse submission. Errors become an OperationOutcome listing every issue
 * (service-kit filter). Reads go through the access decision: access/response-read.controller.ts.
 */
@ApiTags('fhir')
@Controller('fhir/QuestionnaireResponse')
export class ResponseController {
  constructor(private readonly commands: ResponseCommands) {}

  @Post()
  @Roles('patient', 'clinician')
  @ApiOperation({ summary: 'Submit a QuestionnaireResponse for a dispatch; idempotent by identifier; status amended or entered-in-error with the same identifier adds a version' })
  @ApiBody({ description: 'FHIR R4 QuestionnaireResponse', schema: { type: 'object' } })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    assertSubmitsForSelf(actor, body);
    const { created, response } = await this.commands.submit(body, new Date().toISOString());
    res
      .status(created ? 201 : 200)
      .location(`/fhir/QuestionnaireResponse/${String(response.id)}`)
      .type(FHIR_JSON)
      .send(JSON.stringify(response));
  }

  @Put(':id')
  @Roles('patient', 'clinician')
  @ApiOperation({ summary: 'A new version of an accepted response: status amended (validated and scored again) or entered-in-error' })
  @ApiBody({ description: 'FHIR R4 QuestionnaireResponse', schema: { type: 'object' } })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    assertSubmitsForSelf(actor, body);
    const { response } = await this.commands.submit(body, new Date().toISOString(), id);
    res.status(200).type(FHIR_JSON).send(JSON.stringify(response));
  }
}
