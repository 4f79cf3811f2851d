import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SOR_CODE } from '@hub/indicator-projections';

export class ResponseRateQueryDto {
  @ApiPropertyOptional({ description: 'SOR code of one organisation unit (6 to 18 digits)', example: '123456789012345' })
  @IsOptional()
  @Matches(SOR_CODE, { message: 'unit must be a SOR code: 6 to 18 digits' })
  unit?: string;
}
