-- Control plane: tenants and what belongs to them, in schema public.
-- Enum-like columns are text with CHECK constraints (values lower-case, as in the original design);
-- the GraphQL layer maps them to upper-case enums.

-- Extensions live once per database, in public; tenant schemas refer to public.citext.
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;

CREATE TABLE tenants (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  slug                text NOT NULL UNIQUE
                        CHECK (slug ~ '^[a-z][a-z0-9-]{0,62}$' AND slug !~ '-$' AND slug !~ '--'),
  domain              text UNIQUE CHECK (domain = lower(domain) AND length(domain) <= 253),
  schema_name         text NOT NULL UNIQUE
                        CHECK (schema_name ~ '^[a-z][a-z0-9_]{0,62}$' AND schema_name !~ '^pg_'
                               AND schema_name NOT IN ('public', 'information_schema')),
  status              text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'active', 'suspended', 'archived')),
  plan                text NOT NULL DEFAULT 'basic' CHECK (plan IN ('basic', 'professional', 'enterprise')),
  settings            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  limits              jsonb NOT NULL DEFAULT '{"users": 100, "storage_gb": 10, "api_calls_per_month": 10000}'
                        CHECK (jsonb_typeof(limits) = 'object'),
  usage               jsonb NOT NULL DEFAULT '{"users": 0, "storage_gb": 0, "api_calls_per_month": 0}'
                        CHECK (jsonb_typeof(usage) = 'object'),
  billing_customer_id text,
  subscription_id     text,
  metadata            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at         timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenants_status_idx ON tenants (status);
CREATE INDEX tenants_plan_idx ON tenants (plan);
CREATE INDEX tenants_inserted_at_idx ON tenants (inserted_at, id);

CREATE TABLE tenant_domains (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  domain                 text NOT NULL UNIQUE CHECK (domain = lower(domain) AND length(domain) BETWEEN 1 AND 253),
  "primary"              boolean NOT NULL DEFAULT false,
  verified_at            timestamptz,
  verification_token     text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
  ssl_enabled            boolean NOT NULL DEFAULT false,
  custom_ssl_certificate text,
  metadata               jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at            timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenant_domains_tenant_id_primary_idx ON tenant_domains (tenant_id, "primary");
-- at most one primary domain per tenant
CREATE UNIQUE INDEX tenant_domains_one_primary_idx ON tenant_domains (tenant_id) WHERE "primary";

CREATE TABLE accounts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email            citext NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 320),
  name             text,
  external_subject text UNIQUE,
  inserted_at      timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id        uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role           text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
  permissions    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(permissions) = 'object'),
  invited_by     uuid REFERENCES accounts (id) ON DELETE SET NULL,
  invited_at     timestamptz,
  accepted_at    timestamptz,
  last_active_at timestamptz,
  metadata       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at    timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, user_id)
);
CREATE INDEX tenant_users_user_id_status_idx ON tenant_users (user_id, status);
CREATE INDEX tenant_users_invited_by_idx ON tenant_users (invited_by);

CREATE TABLE tenant_settings (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  category    text NOT NULL CHECK (category IN ('general', 'security', 'billing', 'notifications', 'branding')),
  key         text NOT NULL CHECK (key ~ '^[A-Za-z][A-Za-z0-9_.-]{0,99}$'),
  value       text,
  type        text NOT NULL DEFAULT 'string' CHECK (type IN ('string', 'integer', 'boolean', 'json')),
  encrypted   boolean NOT NULL DEFAULT false,
  metadata    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, category, key)
);

CREATE TABLE tenant_usage_logs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  metric      text NOT NULL CHECK (metric IN ('api_calls', 'storage', 'users', 'bandwidth')),
  value       double precision NOT NULL DEFAULT 0 CHECK (value >= 0),
  period      text NOT NULL CHECK (period IN ('hourly', 'daily', 'monthly')),
  "timestamp" timestamptz NOT NULL,
  metadata    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at timestamptz NOT NULL DEFAULT now()
);
-- unique rather than a plain index: hourly counters are upserted into one row per bucket
CREATE UNIQUE INDEX tenant_usage_logs_bucket_idx ON tenant_usage_logs (tenant_id, metric, period, "timestamp");
