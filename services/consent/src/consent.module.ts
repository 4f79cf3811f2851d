import { Module } from '@nestjs/common';
import { PatientCommands } from './patient/patient.commands';
import { PatientController } from './patient/patient.controller';

@Module({ controllers: [PatientController], providers: [PatientCommands] })
export class ConsentModule {}
