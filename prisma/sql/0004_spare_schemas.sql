-- Spare tenant schemas: created ahead of time at the current tenant migration version, so a signup
-- claims one (renames it to the tenant's schema) instead of waiting for CREATE SCHEMA + DDL (slow
-- on Citus). A spare is no tenant: it has no row in tenants and no host resolves to it.
CREATE TABLE spare_schemas (
  schema_name text PRIMARY KEY CHECK (schema_name ~ '^spare_[a-z0-9_]{1,56}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);
