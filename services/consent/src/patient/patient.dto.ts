import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ERASURE_REASONS, type ErasureReason, type Purpose } from '@hub/contracts';

export class RegisterPatientDto {
  @ApiProperty({ example: '010190-1234', description: 'CPR number, DDMMYY-SSSS' })
  @IsString()
  @MaxLength(11)
  cpr!: string;
}

export class WithdrawConsentDto {
  @ApiProperty({ enum: ['treatment', 'quality', 'research'] })
  @IsIn(['treatment', 'quality', 'research'])
  purpose!: Purpose;

  @ApiPropertyOptional({ description: 'Research project id; required for research consent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  projectId?: string;
}

export class GrantConsentDto extends WithdrawConsentDto {
  @ApiPropertyOptional({ description: 'The consent text version agreed to; required for research' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  textVersion?: string;
}

export class ErasePatientDto {
  @ApiProperty({ enum: ERASURE_REASONS, description: 'Why, as a code: free text could itself be personal data' })
  @IsIn(ERASURE_REASONS)
  reason!: ErasureReason;
}
