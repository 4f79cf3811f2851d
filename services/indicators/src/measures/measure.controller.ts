import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { INDICATOR_DEFINITIONS, measureResourceId, toMeasure } from '@hub/indicator-projections';
import { notFound, Roles } from '@hub/service-kit';
import { FHIR_JSON, toSearchset } from '@hub/service-kit';

/** The indicator definitions as FHIR R4 Measure resources, one per definition version. */
@ApiTags('fhir')
@Controller('fhir/Measure')
@Roles('administrator', 'auditor', 'quality-database', 'clinician', 'researcher')
export class MeasureController {
  @Get()
  @ApiOperation({ summary: 'Every indicator definition version as a Measure (searchset Bundle)' })
  search(@Req() req: Request, @Res() res: Response): void {
    res.type(FHIR_JSON).send(JSON.stringify(toSearchset(req, 'Measure', INDICATOR_DEFINITIONS.map(toMeasure))));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One indicator definition version by Measure id (<indicator>-<version>)' })
  read(@Param('id') id: string, @Res() res: Response): void {
    const definition = INDICATOR_DEFINITIONS.find((d) => measureResourceId(d) === id);
    if (!definition) throw notFound(`no Measure ${id} (known: ${INDICATOR_DEFINITIONS.map(measureResourceId).join(', ')})`);
    res.type(FHIR_JSON).send(JSON.stringify(toMeasure(definition)));
  }
}
