import type { PoolClient } from 'pg';
import type { OrganisationRegistered, Sector } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';

/** The organisation register as a read table, written in the same transaction as OrganisationRegistered. */
export const ORGANISATIONS_DDL = `
CREATE TABLE IF NOT EXISTS organisations (
  sor    text PRIMARY KEY,
  name   text NOT NULL,
  sector text NOT NULL,
  region text NOT NULL
);`;

export interface Organisation {
  sor: string;
  name: string;
  sector: Sector;
  region: string;
}

export async function indexOrganisation(tx: PoolClient, e: OrganisationRegistered): Promise<void> {
  await tx.query('INSERT INTO organisations (sor, name, sector, region) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [e.sor, e.name, e.sector, e.region]);
}

export async function findOrganisation(db: Queryable, sor: string): Promise<Organisation | undefined> {
  const { rows } = await db.query<Organisation>('SELECT sor, name, sector, region FROM organisations WHERE sor = $1', [sor]);
  return rows[0];
}
