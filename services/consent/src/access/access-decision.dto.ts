import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AccessPurpose, DataKind, Role } from '@hub/contracts';
import { ROLES } from '@hub/auth';

/** An "as of" question: what would the hub have decided for this actor at `at`, knowing what it knew at `asOf`? */
export class AccessDecisionQueryDto {
  @ApiProperty()
  @IsUUID()
  patient!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ description: 'SOR code of the actor’s unit' })
  @Matches(/^[0-9]{6,18}$/, { message: 'org must be a SOR code of 6 to 18 digits' })
  org!: string;

  @ApiPropertyOptional({ description: 'The professional (token subject); defaults to an anonymous member of the unit' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  subject?: string;

  @ApiPropertyOptional({ enum: ['treatment', 'quality', 'research', 'audit'] })
  @IsOptional()
  @IsIn(['treatment', 'quality', 'research', 'audit'])
  purpose?: AccessPurpose;

  @ApiPropertyOptional({ enum: ['questionnaire-response', 'worklist', 'access-log', 'consent'] })
  @IsOptional()
  @IsIn(['questionnaire-response', 'worklist', 'access-log', 'consent'])
  kind?: DataKind;

  @ApiPropertyOptional({ description: 'Research project (researchers)' })
  @IsOptional()
  @IsString()
  project?: string;

  @ApiPropertyOptional({ description: 'The instant of the access; now when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ description: 'Only events recorded by then count; defaults to `at`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
