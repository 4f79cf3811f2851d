import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** A versioned canonical reference: the exact questionnaire version, `url|version`. */
export const VERSIONED_CANONICAL = /^[^|\s]+\|[^|\s]+$/;

/** Whom a questionnaire version is sent to, by which unit: shared by one-off dispatches and orders. */
export class PatientQuestionnaireDto {
  @ApiProperty({ format: 'uuid', description: 'The hub’s internal patient id (never a CPR number)' })
  @IsUUID()
  patientId!: string;

  @ApiProperty({ example: '1234567', description: 'SOR code of the ordering unit' })
  @IsString()
  @Matches(/^[0-9]{6,18}$/, { message: 'unitSor must be a SOR code of 6 to 18 digits' })
  unitSor!: string;

  @ApiProperty({ example: 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0', description: 'Versioned canonical, url|version' })
  @IsString()
  @MaxLength(512)
  @Matches(VERSIONED_CANONICAL, { message: 'questionnaire must be a versioned canonical, url|version' })
  questionnaire!: string;
}

export class DispatchQuestionnaireDto extends PatientQuestionnaireDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 14, description: 'Days the patient has to answer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  expiresInDays?: number;
}
