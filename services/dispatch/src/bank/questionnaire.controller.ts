import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FHIR_JSON, Roles, toSearchset, validationError } from '@hub/service-kit';
import { QuestionnaireCommands } from './questionnaire.commands';

const optionalString = (name: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length > 0) return value;
  throw validationError(`search parameter ${name} must be given once, non-empty`, [{ location: name, message: 'must be given once, non-empty' }]);
};

/** FHIR R4 REST for the questionnaire bank. Errors become an OperationOutcome listing every issue (service-kit filter). */
@ApiTags('fhir')
@Controller('fhir/Questionnaire')
export class QuestionnaireController {
  constructor(private readonly commands: QuestionnaireCommands) {}

  @Post()
  @Roles('administrator')
  @ApiOperation({ summary: 'Publish a Questionnaire version; 201 when new, 200 when the identical version was already published, 409 when it differs' })
  @ApiBody({ description: 'FHIR R4 Questionnaire with url, version, status active and at least one item', schema: { type: 'object' } })
  async create(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const { created, questionnaire } = await this.commands.publish(body, new Date().toISOString());
    res
      .status(created ? 201 : 200)
      .location(`/fhir/Questionnaire/${String(questionnaire.id)}`)
      .type(FHIR_JSON)
      .send(JSON.stringify(questionnaire));
  }

  @Get()
  @ApiOperation({ summary: 'Search the bank by url, version and/or status (active, retired); a searchset Bundle' })
  @ApiQuery({ name: 'url', required: false })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({ name: 'status', required: false })
  async search(@Query('url') url: unknown, @Query('version') version: unknown, @Query('status') status: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.commands.search({ url: optionalString('url', url), version: optionalString('version', version), status: optionalString('status', status) });
    res.type(FHIR_JSON).send(JSON.stringify(toSearchset(req, 'Questionnaire', found)));
  }

  // A FHIR-style operation rather than PUT with status retired: the version's content must not change, and an
  // update would invite exactly that.
  @Post(':id/$retire')
  @Roles('clinician', 'administrator')
  @ApiOperation({ summary: 'Retire a Questionnaire version: no new dispatches, responses to it are refused; idempotent' })
  async retire(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const { questionnaire } = await this.commands.retire(id, new Date().toISOString());
    res.status(200).type(FHIR_JSON).send(JSON.stringify(questionnaire));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one Questionnaire version by its logical id' })
  async read(@Param('id') id: string, @Res() res: Response): Promise<void> {
    res.type(FHIR_JSON).send(JSON.stringify(await this.commands.read(id)));
  }
}
