#!/bin/sh
# Creates Temporal's two databases in the compose Postgres if they are missing and brings both
# schemas to the version this admin-tools image ships. Safe to run on every `docker compose up`:
# `create` is skipped for a database that exists, `setup-schema -v 0.0` only records the base version
# on a database that has none, and `update-schema` applies only the versioned steps not yet applied.
# Run by the temporal-schema service (temporalio/admin-tools), before the server starts.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

for pair in "temporal:temporal" "temporal_visibility:visibility"; do
  database="${pair%%:*}"
  schema="${pair#*:}"
  echo "temporal-schema: database ${database}"
  # `create` fails when the database exists; anything else is reported by setup-schema just below.
  sql_tool --db "$database" create || echo "temporal-schema: ${database} exists"
  # Records schema version 0.0 on a fresh database; on one already set up it changes nothing.
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "${SCHEMA_DIR}/${schema}/versioned"
done
echo "temporal-schema: both schemas are current"
