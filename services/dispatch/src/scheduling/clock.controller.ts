import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { Roles } from '@hub/service-kit';
import { notFound } from '@hub/service-kit/errors';
import { CLOCK, ControlledClock, type Clock } from './clock';
import { SchedulerHost } from './scheduler.host';
import type { TickResult } from './scheduler';

export class SetClockDto {
  @ApiProperty({ example: '2026-12-01T08:00:00.000Z' })
  @IsISO8601({ strict: true })
  now!: string;
}

/**
 * Operator endpoint for a controlled clock (HUB_CLOCK=controlled): move time forward and run one scheduler
 * tick at the new time. With the system clock it does not exist (404), so production cannot be time-shifted.
 */
@ApiTags('admin')
@Roles('administrator')
@Controller('admin/clock')
export class ClockController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scheduler: SchedulerHost,
  ) {}

  private controlled(): ControlledClock {
    if (!(this.clock instanceof ControlledClock)) throw notFound('the clock is the system clock; start with HUB_CLOCK=controlled to control it');
    return this.clock;
  }

  @Get()
  @ApiOkResponse({ description: 'The controlled clock’s time' })
  @ApiNotFoundResponse({ description: 'The service runs on the system clock' })
  read(): { now: string } {
    return { now: this.controlled().now().toISOString() };
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ description: 'The clock moved; the body is the new time and what the tick did' })
  @ApiConflictResponse({ description: 'The new time is before the current one' })
  async set(@Body() body: SetClockDto): Promise<{ now: string; tick: TickResult }> {
    const clock = this.controlled();
    clock.set(new Date(body.now));
    return { now: clock.now().toISOString(), tick: await this.scheduler.tick() };
  }
}
