import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class StartCareRelationshipDto {
  @ApiProperty({ example: '200000000000002', description: 'SOR code of the unit taking the patient into care' })
  @IsString()
  @Matches(/^[0-9]{6,18}$/, { message: 'unitSor must be a SOR code of 6 to 18 digits' })
  unitSor!: string;

  @ApiProperty({ example: 'knee-rehabilitation' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  pathway!: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  validFrom!: string;

  @ApiPropertyOptional({ description: 'End (exclusive); absent for open-ended care' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;
}

export class EndCareRelationshipDto {
  @ApiProperty({ description: 'End of care (exclusive)' })
  @IsISO8601({ strict: true })
  validTo!: string;
}
