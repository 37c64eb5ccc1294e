// A BackupService on a per-file Provisioner, and a tenant schema holding every kind of object a backup must carry.
import { beforeAll } from 'vitest';
import { createLogger } from '../../../../../src/logger.js';
import { BackupService } from '../../../../../src/tenancy/lifecycle/backup-service.js';
import { quoteIdent } from '../../../../../src/tenancy/names.js';
import { useProvisioner, type TestProvisioning } from '../../../../helpers/provisioner.js';

let n = 0;
export const slug = () => `bk-${++n}-${Date.now().toString(36)}`;

/** Registers the file's provisioner and backup service; call at the top of a test file. */
export function useBackups() {
  const t = useProvisioner();
  const backups = {} as { current: BackupService };
  beforeAll(() => {
    backups.current = new BackupService({
      pool: t.current.db.pool,
      clients: t.current.clients,
      changes: t.current.changes,
      logger: createLogger({ logLevel: 'silent' }),
      provisioner: t.current.provisioner,
    });
  });
  const q = (sql: string, params: unknown[] = []) => t.current.db.pool.query(sql, params);
  return { t, backups, q, richTenant: (extra: Record<string, unknown> = {}) => richTenant(t, extra) };
}

/** A tenant whose schema holds every kind of object a backup must carry, with some rows. */
async function richTenant(p: { current: TestProvisioning }, extra: Record<string, unknown>) {
  const tenant = await p.current.provisioner.createTenant({ name: 'Rich', slug: slug(), ...extra });
  const s = quoteIdent(tenant.schemaName);
  await p.current.db.pool.query(`
    SET search_path TO ${s};
    CREATE SEQUENCE invoice_numbers START 1000;
    CREATE FUNCTION next_code() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'INV-' || nextval('invoice_numbers'::regclass); END;
    CREATE FUNCTION positive(x int) RETURNS boolean LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT x > 0; END;
    CREATE TABLE invoices (
      id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL DEFAULT next_code(),
      amount int NOT NULL CHECK (positive(amount)),
      user_id uuid REFERENCES users (id) ON DELETE CASCADE,
      touched int NOT NULL DEFAULT 0
    );
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := NEW.touched + 1; RETURN NEW; END $$;
    CREATE TRIGGER invoices_touch BEFORE INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE VIEW big_invoices AS SELECT id, code, amount FROM invoices WHERE amount > 100;
    CREATE VIEW big_invoice_total AS SELECT coalesce(sum(amount), 0)::int AS total FROM big_invoices;
    CREATE MATERIALIZED VIEW invoice_stats AS SELECT count(*)::int AS n FROM invoices;
    CREATE UNIQUE INDEX invoice_stats_n ON invoice_stats (n);
    INSERT INTO users (email) SELECT 'u' || i || '@rich.test' FROM generate_series(1, 5) i;
    INSERT INTO invoices (amount, user_id) SELECT 50 * i, (SELECT id FROM users ORDER BY email LIMIT 1) FROM generate_series(1, 4) i;
    RESET search_path;`);
  return tenant;
}
