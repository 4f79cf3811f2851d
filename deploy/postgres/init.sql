-- Per-service databases and login roles for the docker-compose Postgres (postgres:17 runs this once, on an
-- empty data volume, from /docker-entrypoint-initdb.d). Mirrors what deploy/postgres/postgres.js provisions
-- for the native setup: database hub_<service> owned by role hub_<service>; CONNECT revoked from PUBLIC so a
-- service's role cannot open another service's database.
-- Passwords are fixed development values (hub_<service>_dev); the compose setup is for local use only.

CREATE ROLE hub_consent LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'hub_consent_dev';
CREATE DATABASE hub_consent OWNER hub_consent ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE hub_consent FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE hub_consent TO hub_consent;

CREATE ROLE hub_dispatch LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'hub_dispatch_dev';
CREATE DATABASE hub_dispatch OWNER hub_dispatch ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE hub_dispatch FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE hub_dispatch TO hub_dispatch;

CREATE ROLE hub_intake LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'hub_intake_dev';
CREATE DATABASE hub_intake OWNER hub_intake ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE hub_intake FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE hub_intake TO hub_intake;

-- CREATEROLE: pseudonymisation makes one read-only role per research project; on PostgreSQL 16+ (this is 17)
-- CREATEROLE reaches only the roles a user made itself (see deploy/postgres/postgres.js).
CREATE ROLE hub_pseudonymisation LOGIN NOSUPERUSER NOCREATEDB CREATEROLE PASSWORD 'hub_pseudonymisation_dev';
CREATE DATABASE hub_pseudonymisation OWNER hub_pseudonymisation ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE hub_pseudonymisation FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE hub_pseudonymisation TO hub_pseudonymisation;

CREATE ROLE hub_indicators LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'hub_indicators_dev';
CREATE DATABASE hub_indicators OWNER hub_indicators ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE hub_indicators FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE hub_indicators TO hub_indicators;

-- Service roles have no business in the admin database either.
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
