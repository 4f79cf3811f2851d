import { IsNotEmpty, IsOptional, IsString, ValidateIf } from 'class-validator';

/**
 * Where tokens are verified against: a JWKS file (the local issuer's, for development and tests) or a JWKS URL
 * (an identity provider), plus the issuer and audience every token must name.
 */
export class AuthConfig {
  @ValidateIf((c: AuthConfig) => !c.AUTH_JWKS_URL)
  @IsString({ message: 'AUTH_JWKS_FILE or AUTH_JWKS_URL must be set' })
  @IsNotEmpty({ message: 'AUTH_JWKS_FILE or AUTH_JWKS_URL must be set' })
  AUTH_JWKS_FILE?: string;

  @IsOptional()
  @IsString()
  AUTH_JWKS_URL?: string;

  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER!: string;

  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE!: string;
}
