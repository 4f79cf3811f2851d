import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { SOR_CODE } from '@hub/indicator-projections';

export class GrantedStrataDto {
  @ApiPropertyOptional({ type: [String], description: 'SOR codes of units' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @Matches(SOR_CODE, { each: true, message: 'each unit must be a SOR code: 6 to 18 digits' })
  units?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Regions (covers their units)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  regions?: string[];

  @ApiPropertyOptional({ type: [String], enum: ['hospital', 'municipality', 'general-practice'], description: 'Sectors (covers their units)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(['hospital', 'municipality', 'general-practice'], { each: true })
  sectors?: Array<'hospital' | 'municipality' | 'general-practice'>;
}

export class GrantSubscriptionDto {
  @ApiProperty({ description: 'SOR code of the quality database organisation (its tokens carry it as org)', example: '555555' })
  @Matches(SOR_CODE, { message: 'subscriber must be a SOR code: 6 to 18 digits' })
  subscriber!: string;

  @ApiProperty({ type: [String], description: 'Indicator ids (every version)', example: ['phq9-improvement'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  measures!: string[];

  @ApiProperty({ type: GrantedStrataDto })
  @ValidateNested()
  @Type(() => GrantedStrataDto)
  strata!: GrantedStrataDto;

  @ApiPropertyOptional({ description: 'Pseudonymised quality records of the granted units, where the database is mandated to receive them' })
  @IsOptional()
  @IsBoolean()
  recordLevel?: boolean;

  @ApiPropertyOptional({ description: 'Legal basis of record-level data; required with recordLevel' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  mandate?: string;
}
