import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class BlockTargetDto {
  @ApiProperty({ enum: ['unit', 'sector', 'professional'] })
  @IsIn(['unit', 'sector', 'professional'])
  kind!: 'unit' | 'sector' | 'professional';

  @ApiProperty({ description: 'SOR code, sector name or professional id' })
  @IsString()
  @MaxLength(128)
  value!: string;
}

export class PlaceBlockDto {
  @ApiProperty({ type: BlockTargetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BlockTargetDto)
  target!: BlockTargetDto;

  @ApiPropertyOptional({ description: 'Start of the block; now when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiPropertyOptional({ description: 'End of the block (exclusive); open-ended when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;

  @ApiPropertyOptional({ description: 'Block only data recorded from this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dataFrom?: string;

  @ApiPropertyOptional({ description: 'Block only data recorded before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dataTo?: string;
}

export class OverrideBlockDto {
  @ApiProperty({ enum: ['patient-consent', 'vital-interest'] })
  @IsIn(['patient-consent', 'vital-interest'])
  reason!: 'patient-consent' | 'vital-interest';

  @ApiPropertyOptional({ description: 'End of the override (exclusive); 4 hours from now when absent, 24 hours at most' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;
}
