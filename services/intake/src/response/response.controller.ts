import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ResponseCommands } from './response.commands';

const FHIR_JSON = 'application/fhir+json';

/** FHIR R4 REST for QuestionnaireResponse. Errors become an OperationOutcome listing every issue (service-kit filter). */
@ApiTags('fhir')
@Controller('fhir/QuestionnaireResponse')
export class ResponseController {
  constructor(private readonly commands: ResponseCommands) {}

  @Post()
  @ApiOperation({ summary: 'Submit a QuestionnaireResponse for a dispatch; idempotent by identifier; status amended or entered-in-error with the same identifier adds a version' })
  @ApiBody({ description: 'FHIR R4 QuestionnaireResponse', schema: { type: 'object' } })
  async create(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const { created, response } = await this.commands.submit(body, new Date().toISOString());
    res
      .status(created ? 201 : 200)
      .location(`/fhir/QuestionnaireResponse/${String(response.id)}`)
      .type(FHIR_JSON)
      .send(JSON.stringify(response));
  }

  @Put(':id')
  @ApiOperation({ summary: 'A new version of an accepted response: status amended (validated and scored again) or entered-in-error' })
  @ApiBody({ description: 'FHIR R4 QuestionnaireResponse', schema: { type: 'object' } })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const { response } = await this.commands.submit(body, new Date().toISOString(), id);
    res.status(200).type(FHIR_JSON).send(JSON.stringify(response));
  }

  // TODO(issue 4, access decisions): this read must pass the consent service's shared access decision and be
  // written to the access log once they exist; until then it serves the submitting client's read-back only and
  // is not exposed beyond the hub's network. It returns scores and triage too (contained Observations).
  @Get(':id')
  @ApiOperation({ summary: 'Read the latest version of a response, with its scores as contained Observations and its triage as an extension' })
  async read(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): Promise<void> {
    res.type(FHIR_JSON).send(JSON.stringify(await this.commands.read(id)));
  }
}
