-- A tenant's own tables. Names are unqualified: the migrator runs this with
-- SET LOCAL search_path set to the tenant's (validated, quoted) schema.
-- citext and gen_random_uuid() are installed once per database, not per schema.

CREATE TABLE users (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email       public.citext NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 320),
  name        text,
  metadata    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- keyset pagination (first/after) walks users in insertion order
CREATE INDEX users_inserted_at_idx ON users (inserted_at, id);

CREATE TABLE sessions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  ip          text,
  user_agent  text,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE audit_logs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor_id    uuid,
  action      text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  target_type text,
  target_id   text,
  metadata    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  inserted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_inserted_at_idx ON audit_logs (inserted_at, id);
CREATE INDEX audit_logs_actor_id_idx ON audit_logs (actor_id);
CREATE INDEX audit_logs_target_idx ON audit_logs (target_type, target_id);
