import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@hub/access-policy';
import type { Role } from '@hub/contracts';

export const PUBLIC_KEY = 'hub:public';
export const ROLES_KEY = 'hub:roles';

/** The only routes without a token: health (and the OpenAPI docs, served outside Nest's routing). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles allowed on a route or controller; other authenticated roles get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The verified actor of the request, set by the auth guard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ actor: Actor }>().actor);
