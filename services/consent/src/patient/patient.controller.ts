import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, Roles } from '@hub/service-kit';
import { assertActsFor } from '../own-patient';
import { ErasePatientDto, GrantConsentDto, RegisterPatientDto, WithdrawConsentDto } from './patient.dto';
import { PatientCommands } from './patient.commands';

@ApiTags('patients')
@Controller('patients')
export class PatientController {
  constructor(private readonly commands: PatientCommands) {}

  @Post()
  @Roles('clinician', 'administrator')
  @ApiCreatedResponse({ description: 'Registered; 200 when the CPR number was already known' })
  async register(@Body() body: RegisterPatientDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.commands.register(body.cpr, new Date().toISOString());
    res.status(result.created ? 201 : 200);
    return { patientId: result.patientId };
  }

  @Post(':patientId/consents')
  @HttpCode(201)
  @Roles('patient', 'clinician', 'administrator')
  @ApiCreatedResponse({ description: 'Consent recorded (idempotent)' })
  async grant(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: GrantConsentDto, @CurrentActor() actor: Actor) {
    assertActsFor(actor, patientId);
    await this.commands.grantConsent(patientId, body, new Date().toISOString());
    return { patientId, purpose: body.purpose, ...(body.projectId ? { projectId: body.projectId } : {}), ...(body.textVersion ? { textVersion: body.textVersion } : {}) };
  }

  @Post(':patientId/consents/withdraw')
  @HttpCode(200)
  @Roles('patient', 'clinician', 'administrator')
  @ApiOkResponse({ description: 'Consent withdrawn; published so research flows stop' })
  async withdraw(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: WithdrawConsentDto, @CurrentActor() actor: Actor) {
    assertActsFor(actor, patientId);
    await this.commands.withdrawConsent(patientId, body, new Date().toISOString());
    return { patientId, purpose: body.purpose, withdrawn: true, ...(body.projectId ? { projectId: body.projectId } : {}) };
  }

  @Post(':patientId/erasure')
  @HttpCode(200)
  @Roles('administrator')
  @ApiOkResponse({ description: 'Personal data erased (crypto-shredded); `erased: false` when it already was. 404 for an unknown patient' })
  async erase(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() body: ErasePatientDto) {
    const result = await this.commands.erase(patientId, body.reason, new Date().toISOString());
    return { patientId, reason: body.reason, erased: result.erased };
  }

  @Get(':patientId')
  @Roles('patient', 'clinician', 'administrator')
  @ApiOkResponse({ description: 'The patient’s active consents' })
  describe(@Param('patientId', new ParseUUIDPipe()) patientId: string, @CurrentActor() actor: Actor) {
    assertActsFor(actor, patientId);
    return this.commands.describe(patientId);
  }
}
