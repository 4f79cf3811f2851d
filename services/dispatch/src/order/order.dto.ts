import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { PatientQuestionnaireDto } from '../dispatch/dispatch.dto';
import type { ScheduleInput } from './schedule';

export class PackageRefDto {
  @ApiProperty({ example: 'epilepsy-follow-up' })
  @IsString()
  @MaxLength(128)
  id!: string;

  @ApiProperty({ example: '1.0.0' })
  @IsString()
  @MaxLength(32)
  version!: string;
}

/**
 * An order. The schedule, reminder and expiry are checked by the order decider, not here, so that every
 * timing problem (reversed dates, zero intervals, a reminder after expiry) is reported together in one reply.
 */
export class PlaceOrderDto extends PatientQuestionnaireDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-chosen id; repeating the same order under it has no second effect' })
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiPropertyOptional({ type: PackageRefDto, description: 'Reserved: the PRO package the questionnaire comes from' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PackageRefDto)
  package?: PackageRefDto;

  @ApiProperty({
    description: "{ kind: 'once', at? } | { kind: 'relative', pathwayDate, offsetDays } | { kind: 'recurring', start, every, until | count }",
    example: { kind: 'recurring', start: '2026-12-01T08:00:00Z', every: 'P3M', count: 4 },
  })
  @IsObject()
  schedule!: ScheduleInput;

  @ApiPropertyOptional({ example: 'P3D', description: 'ISO 8601 duration or days after sending; no reminder when absent' })
  @IsOptional()
  @Allow()
  reminderAfter?: string | number;

  @ApiPropertyOptional({ example: 'P14D', default: 'P14D', description: 'ISO 8601 duration or days after sending' })
  @IsOptional()
  @Allow()
  expiresAfter?: string | number;

  @ApiPropertyOptional({ enum: ['digital-post', 'sms'], default: 'digital-post' })
  @IsOptional()
  @IsIn(['digital-post', 'sms'])
  channel?: 'digital-post' | 'sms';
}
