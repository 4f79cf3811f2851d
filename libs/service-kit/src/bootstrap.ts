import { Global, Module, ValidationPipe, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger as NestPinoLogger, LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard';
import { AuthConfig } from './auth/auth-config';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier';
import { loadAuditSigningKey, type AuditSigningKey } from '@hub/event-store';
import { BaseServiceConfig } from './base-config';
import { loadConfig } from './config';
import { HubErrorFilter } from './error.filter';
import { HealthController } from './health.controller';
import { connectInfrastructure, InfrastructureCloser, KAFKA, LOGGER, POOL, PRODUCER, SERVICE_NAME, type Infrastructure } from './infrastructure';
import { ConsumerRegistry } from './consumer-registry';
import { RelayHost } from './hosts';
import { ServiceMetrics } from './service-metrics';
import { AUDIT_SIGNING_KEY, SealerHost } from './sealer-host';
import { createLogger } from './logger';
import { stopTracing } from './tracing';

/** FHIR and plain JSON bodies; large enough for a long questionnaire response, small enough to refuse abuse. */
const BODY_LIMIT = '512kb';

function coreModule(service: string, infra: Infrastructure, logger: PinoLogger, verifier: TokenVerifier, auditKey: AuditSigningKey): DynamicModule {
  @Global()
  @Module({})
  class HubCoreModule {}
  const providers = [
    { provide: POOL, useValue: infra.pool },
    { provide: KAFKA, useValue: infra.kafka },
    { provide: PRODUCER, useValue: infra.producer },
    { provide: 'ADMIN', useValue: infra.admin },
    { provide: LOGGER, useValue: logger },
    { provide: SERVICE_NAME, useValue: service },
    { provide: TOKEN_VERIFIER, useValue: verifier },
    { provide: AUDIT_SIGNING_KEY, useValue: auditKey },
  ];
  return {
    module: HubCoreModule,
    imports: [LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: { ignore: (req) => req.url === '/health' } } })],
    controllers: [HealthController],
    // Every route of every service needs a verified token, unless marked @Public() (only health is).
    providers: [...providers, InfrastructureCloser, RelayHost, SealerHost, ConsumerRegistry, ServiceMetrics, { provide: APP_GUARD, useClass: AuthGuard }],
    exports: [...providers.map((p) => p.provide), RelayHost, SealerHost, ConsumerRegistry],
  };
}

export interface ServiceDefinition {
  name: string;
  title: string;
  /** The service's feature module; it may inject POOL, KAFKA, PRODUCER, LOGGER. */
  module: Type<unknown>;
}

/**
 * Starts a hub service: validated config, connections, Nest with structured logs, OpenAPI at /openapi,
 * errors shaped in one place, and graceful shutdown on SIGTERM/SIGINT (consumers stop first, then connections).
 */
export async function runService(definition: ServiceDefinition): Promise<INestApplication> {
  const logger = createLogger(definition.name);
  const config = loadConfig(BaseServiceConfig);
  const verifier = createTokenVerifier(loadConfig(AuthConfig));
  const auditKey = loadAuditSigningKey(config.AUDIT_SIGNING_KEY);
  const infra = await connectInfrastructure(definition.name, config.DATABASE_URL, config.KAFKA_BROKERS, logger);

  @Module({ imports: [coreModule(definition.name, infra, logger, verifier, auditKey), definition.module] })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(NestPinoLogger));
  const filter = new HubErrorFilter(logger);
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/fhir+json'] }));
  app.useGlobalFilters(filter);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(definition.title).setVersion('0.1.0').addBearerAuth().addSecurityRequirements('bearer').build());
  SwaggerModule.setup('openapi', app, document, { jsonDocumentUrl: 'openapi.json' });

  await app.init();
  // Body-parser failures never reach Nest's filters; this handler sits after the routes in Express's stack.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => (res.headersSent ? next(err) : filter.respond(err, req, res)));
  await app.listen(config.PORT, config.HOST);
  const url = await app.getUrl();
  logger.info({ url, openapi: `${url}/openapi` }, `${definition.name} listening`);
  process.once('beforeExit', () => void stopTracing());
  return app;
}
