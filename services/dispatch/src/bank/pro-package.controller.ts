import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { parseCanonical } from '@hub/fhir-questionnaire';
import { Roles, validationError } from '@hub/service-kit';
import { ProPackageCommands } from './pro-package.commands';

const optional = (name: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length > 0) return value;
  throw validationError(`query parameter ${name} must be given once, non-empty`, [{ location: name, message: 'must be given once, non-empty' }]);
};

/** PRO packages (not a FHIR resource, so plain JSON and RFC 7807 problems). */
@ApiTags('packages')
@Controller('packages')
export class ProPackageController {
  constructor(private readonly commands: ProPackageCommands) {}

  @Post()
  @Roles('clinician', 'administrator')
  @ApiOperation({ summary: 'Publish a PRO package version for a questionnaire version in the bank; 201 new, 200 identical, 409 different' })
  @ApiBody({ description: 'A PRO package: id, version, questionnaire {url, version}, scoring, triage, schedule', schema: { type: 'object' } })
  async publish(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const { created, package: pkg } = await this.commands.publish(body, new Date().toISOString());
    res.status(created ? 201 : 200).json(pkg);
  }

  @Get()
  @ApiOperation({ summary: 'PRO packages by id, version, or the questionnaire version (url|version) they score' })
  @ApiQuery({ name: 'id', required: false })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({ name: 'questionnaire', required: false })
  async search(@Query('id') id: unknown, @Query('version') version: unknown, @Query('questionnaire') questionnaire: unknown): Promise<unknown[]> {
    const canonical = optional('questionnaire', questionnaire);
    const parsed = canonical ? parseCanonical(canonical) : undefined;
    if (parsed && !parsed.version) throw validationError('questionnaire must be url|version', [{ location: 'questionnaire', message: 'must be url|version' }]);
    return this.commands.search({ id: optional('id', id), version: optional('version', version), questionnaire: parsed as { url: string; version: string } | undefined });
  }
}
