import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsString } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '@hub/service-kit';
import { ProjectCommands } from './project.commands';

export class RegisterProjectDto {
  @ApiProperty({ example: 'knee-2026' })
  @IsString()
  projectId!: string;

  @ApiProperty()
  @IsString()
  title!: string;

  @ApiProperty({ example: ['1.0'], description: 'Versions of the consent text patients may agree to' })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  consentTextVersions!: string[];
}

@ApiTags('research projects')
@Controller('research-projects')
export class ProjectController {
  constructor(private readonly commands: ProjectCommands) {}

  @Post()
  @Roles('administrator')
  async register(@Body() body: RegisterProjectDto, @Res({ passthrough: true }) res: Response) {
    const { created } = await this.commands.register(body, new Date().toISOString());
    res.status(created ? 201 : 200);
    return { projectId: body.projectId };
  }
}
