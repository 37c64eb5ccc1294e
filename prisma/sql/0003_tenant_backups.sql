-- Backups as records: one row per backup schema (backup_…), so backups can be listed, restored,
-- pruned, counted in a tenant's storage and removed with the tenant. tenant_id becomes NULL when the
-- tenant is deleted with its backups kept (an orphan, still listed by slug).
CREATE TABLE tenant_backups (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid REFERENCES tenants (id) ON DELETE SET NULL,
  tenant_slug       text NOT NULL,
  schema_name       text NOT NULL UNIQUE CHECK (schema_name ~ '^backup_[a-z0-9_]{1,56}$'),
  source_schema     text NOT NULL,
  kind              text NOT NULL DEFAULT 'manual' CHECK (kind IN ('manual', 'pre-restore')),
  reason            text CHECK (length(reason) <= 500),
  created_by        text CHECK (length(created_by) <= 320),
  created_at        timestamptz NOT NULL DEFAULT now(),
  size_bytes        bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
  tables            text[] NOT NULL DEFAULT '{}',
  row_counts        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(row_counts) = 'object'),
  migration_version text
);
CREATE INDEX tenant_backups_tenant_created_idx ON tenant_backups (tenant_id, created_at DESC);
CREATE INDEX tenant_backups_orphans_idx ON tenant_backups (created_at) WHERE tenant_id IS NULL;
