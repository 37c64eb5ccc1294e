-- Custom domains: unique among verified domains only, so an unverified claim can no longer block the
-- domain's real owner; one claim per tenant and domain. Verification tokens come from a CSPRNG
-- (gen_random_uuid uses the server's strong random source), not md5(random()).
ALTER TABLE tenant_domains DROP CONSTRAINT tenant_domains_domain_key;
CREATE UNIQUE INDEX tenant_domains_verified_domain_idx ON tenant_domains (domain) WHERE verified_at IS NOT NULL;
CREATE UNIQUE INDEX tenant_domains_tenant_domain_idx ON tenant_domains (tenant_id, domain);
CREATE INDEX tenant_domains_domain_idx ON tenant_domains (domain);
ALTER TABLE tenant_domains ALTER COLUMN verification_token
  SET DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
