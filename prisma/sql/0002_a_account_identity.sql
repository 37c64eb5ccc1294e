-- Accounts are bound to the identity provider's (issuer, subject), not to the email claim alone
-- (SECURITY.md "Identity binding"). Accounts bound before this file keep their subject with an
-- unknown issuer (NULL): the first token presenting that subject records its issuer. A token
-- without `iss` is recorded with the issuer '' (the gateway's own JWT_SECRET, or an unnamed issuer).
ALTER TABLE accounts ADD COLUMN external_issuer text;
ALTER TABLE accounts DROP CONSTRAINT accounts_external_subject_key;
CREATE UNIQUE INDEX accounts_identity_idx ON accounts ((coalesce(external_issuer, '')), external_subject)
  WHERE external_subject IS NOT NULL;
