import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, Roles } from '@hub/service-kit';
import { CLOCK, type Clock } from '../scheduling/clock';
import { OrderCommands } from './order.commands';
import { PlaceOrderDto } from './order.dto';
import type { OrderView } from './order.view';

@ApiTags('orders')
@Roles('clinician', 'administrator')
@Controller('orders')
export class OrderController {
  constructor(
    private readonly commands: OrderCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiCreatedResponse({ description: 'Ordered; the body is the order. The same order again under its orderId answers 200.' })
  @ApiUnprocessableEntityResponse({ description: 'The schedule makes no sense (every problem listed)' })
  @ApiNotFoundResponse({ description: 'Unknown patient or questionnaire version (both named when both)' })
  @ApiConflictResponse({ description: 'No treatment consent, no active care relationship of the unit (or the unit is blocked), or a retired questionnaire version' })
  @ApiForbiddenResponse({ description: 'A clinician ordering for another unit than their own' })
  async place(@Body() body: PlaceOrderDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<OrderView> {
    const { created, order } = await this.commands.place(body, actor, this.clock.now());
    res.status(created ? 201 : 200).location(`/orders/${order.orderId}`);
    return order;
  }

  @Get(':orderId')
  @ApiOkResponse({ description: 'The order and what each occurrence became (the read is in the patient\'s access log)' })
  @ApiForbiddenResponse({ description: 'A clinician of another unit than the ordering one (the refusal is logged too)' })
  describe(@Param('orderId', new ParseUUIDPipe()) orderId: string, @CurrentActor() actor: Actor): Promise<OrderView> {
    return this.commands.read(orderId, actor, this.clock.now());
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Stopped (reason cancelled); nothing more is sent, open reminders are dropped' })
  cancel(@Param('orderId', new ParseUUIDPipe()) orderId: string, @CurrentActor() actor: Actor): Promise<OrderView> {
    return this.commands.cancel(orderId, actor, this.clock.now());
  }
}
