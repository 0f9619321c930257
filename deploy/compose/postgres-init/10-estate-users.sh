#!/usr/bin/env bash
# One database user per host of the estate, each with rights on its own data only. Run once by the PostgreSQL
# container when it initialises its data folder (mounted at /docker-entrypoint-initdb.d), or by hand against
# an existing server as its superuser (PGHOST, PGPORT, PGUSER/POSTGRES_USER, PGPASSWORD); running it again is safe.
#
#   shop_legacy        owns the database "shop" (the monolith: every module's schema).
#   catalog_service    owns "catalog"; in "shop" it reads and writes the catalog schema only (DataSync, both ways).
#   inventory_service  owns "inventory"; in "shop" the inventory schema only.
#   plan_store         owns "migration", the plan store every host follows (hosts log in as it there and nowhere else).
#
# In "shop", public.datasync_changes (the change log, row keys only) is shared by the syncs of every module.
set -euo pipefail

: "${LEGACY_DB_PASSWORD:?}" "${CATALOG_DB_PASSWORD:?}" "${INVENTORY_DB_PASSWORD:?}" "${PLAN_STORE_DB_PASSWORD:?}"
export PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}"
sql() { psql -v ON_ERROR_STOP=1 --no-psqlrc -q "$@"; }

# Roles, and databases with their owners (CREATE ROLE and CREATE DATABASE have no IF NOT EXISTS).
sql -d postgres \
  -v legacy="$LEGACY_DB_PASSWORD" -v catalog="$CATALOG_DB_PASSWORD" -v inventory="$INVENTORY_DB_PASSWORD" -v store="$PLAN_STORE_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', name) FROM (VALUES ('shop_legacy'), ('catalog_service'), ('inventory_service'), ('plan_store')) r(name)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) \gexec
ALTER ROLE shop_legacy PASSWORD :'legacy';
ALTER ROLE catalog_service PASSWORD :'catalog';
ALTER ROLE inventory_service PASSWORD :'inventory';
ALTER ROLE plan_store PASSWORD :'store';
SELECT format('CREATE DATABASE %I OWNER %I', db, owner)
FROM (VALUES ('shop', 'shop_legacy'), ('catalog', 'catalog_service'), ('inventory', 'inventory_service'), ('migration', 'plan_store')) d(db, owner)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = db) \gexec
-- Nobody but the owner connects to a database.
REVOKE CONNECT ON DATABASE shop, catalog, inventory, migration FROM PUBLIC;
GRANT CONNECT ON DATABASE shop TO catalog_service, inventory_service;
SQL

# In the monolith's database: its module schemas belong to the monolith; a service may use its own module's
# schema and the change log, with rights on the tables the monolith creates there now or later.
sql -d shop <<'SQL'
SET ROLE shop_legacy;
CREATE SCHEMA IF NOT EXISTS catalog;
CREATE SCHEMA IF NOT EXISTS inventory;
CREATE SCHEMA IF NOT EXISTS customers;
CREATE SCHEMA IF NOT EXISTS ordering;
GRANT USAGE ON SCHEMA catalog TO catalog_service;
GRANT USAGE ON SCHEMA inventory TO inventory_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA catalog GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO catalog_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA catalog GRANT USAGE, SELECT ON SEQUENCES TO catalog_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA inventory GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO inventory_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA inventory GRANT USAGE, SELECT ON SEQUENCES TO inventory_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA catalog TO catalog_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA catalog TO catalog_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA inventory TO inventory_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA inventory TO inventory_service;
-- The change log (created by whichever of them writes first) in public: every sync reads and clears its own entries.
RESET ROLE;
GRANT USAGE, CREATE ON SCHEMA public TO shop_legacy, catalog_service, inventory_service;
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT, INSERT, DELETE ON TABLES TO %s', owner, 'shop_legacy, catalog_service, inventory_service')
FROM (VALUES ('shop_legacy'), ('catalog_service'), ('inventory_service')) o(owner) \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %s', owner, 'shop_legacy, catalog_service, inventory_service')
FROM (VALUES ('shop_legacy'), ('catalog_service'), ('inventory_service')) o(owner) \gexec
SQL
