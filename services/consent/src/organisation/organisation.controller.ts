import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hub/service-kit';
import { OrganisationCommands, type OrganisationEntry } from './organisation.commands';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationController {
  constructor(private readonly commands: OrganisationCommands) {}

  /** The whole register or part of it, as a JSON array; reloading is idempotent. */
  @Post()
  @HttpCode(200)
  @Roles('administrator')
  @ApiBody({ description: 'Array of { sor, name, sector: hospital|municipality|general-practice, region }', schema: { type: 'array', items: { type: 'object' } } })
  @ApiOkResponse({ description: 'How many were new and how many were already registered' })
  load(@Body() body: OrganisationEntry[]) {
    return this.commands.load(body, new Date().toISOString());
  }

  @Get(':sor')
  find(@Param('sor') sor: string) {
    return this.commands.find(sor);
  }
}
