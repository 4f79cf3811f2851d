import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { loadAuditSigningKey } from '@hub/event-store';

@ValidatorConstraint({ name: 'auditSigningKey' })
class AuditSigningKeyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    try {
      return typeof value === 'string' && Boolean(loadAuditSigningKey(value));
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'must be base64 of a PKCS#8 DER Ed25519 private key (openssl genpkey -algorithm ed25519 -outform DER | base64 -w0); there is no default';
  }
}

/** What every service needs from the environment. Services extend it with their own settings. */
export class BaseServiceConfig {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsString()
  @IsNotEmpty()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port]' })
  KAFKA_BROKERS!: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @IsString()
  HOST: string = '127.0.0.1';

  @IsString()
  LOG_LEVEL: string = 'info';

  /**
   * The sealer's Ed25519 key: it signs the Merkle checkpoints of this service's log. Auditors get the public key
   * (scripts/hub.sh writes it to .run/hub/audit-public-keys/<service>.pem); no default, so no log goes unsigned.
   */
  @IsString({ message: 'AUDIT_SIGNING_KEY is required' })
  @Validate(AuditSigningKeyConstraint)
  AUDIT_SIGNING_KEY!: string;
}
