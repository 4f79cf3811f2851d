import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GrantConsentDto, RegisterPatientDto } from './patient.dto';
import { PatientCommands } from './patient.commands';

@ApiTags('patients')
@Controller('patients')
export class PatientController {
  constructor(private readonly commands: PatientCommands) {}

  @Post()
  @ApiCreatedResponse({ description: 'Registered; 200 when the CPR number was already known' })
  async register(@Body() body: RegisterPatientDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.commands.register(body.cpr, new Date().toISOString());
    res.status(result.created ? 201 : 200);
    return { patientId: result.patientId };
  }

  @Post(':patientId/consents')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Consent recorded (idempotent)' })
  async grant(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: GrantConsentDto) {
    await this.commands.grantConsent(patientId, body.purpose, body.projectId, new Date().toISOString());
    return { patientId, purpose: body.purpose, ...(body.projectId ? { projectId: body.projectId } : {}) };
  }

  @Get(':patientId')
  @ApiOkResponse({ description: 'The patient’s consents' })
  describe(@Param('patientId', new ParseUUIDPipe()) patientId: string) {
    return this.commands.describe(patientId);
  }
}
