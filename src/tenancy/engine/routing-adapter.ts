// A driver adapter around PrismaPg that serves every tenant schema from one compiled Prisma engine.
// The shared client is created for a placeholder schema, so every statement Prisma generates names
// `"<placeholder>"."<table>"`; here, at entry and before any await (pool queueing must not change
// the tenant), the quoted placeholder is replaced by the bound tenant's schema.
//
// Fail closed: a statement with no bound schema, one that does not name the placeholder (raw SQL
// left unqualified would otherwise run against whatever search_path the connection has), an invalid
// schema name and executeScript are refused and never sent. A transaction keeps the schema it
// started with and refuses statements bound to any other.
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { assertManagedSchemaName, quoteIdent } from '../names.js';
import { boundSchema } from './bound-schema.js';

/** Thrown, before anything is sent, for a statement the router will not route. */
export class UnroutableStatementError extends Error {
  override name = 'UnroutableStatementError';
}

/** A statement about to be sent: the SQL as Prisma built it, and the schema it is routed to. */
export interface RoutedStatement {
  schema: string;
  /** SQL with the placeholder, as generated (for coverage checks and tracing). */
  template: string;
  sql: string;
}

export interface RoutingOptions {
  placeholder: string;
  /** Runs around every routed statement (tracing); must call `send`. */
  around?: <T>(statement: RoutedStatement, send: () => Promise<T>) => Promise<T>;
}

// Transaction control carries no table and is safe to send as is, inside a transaction only.
const TRANSACTION_CONTROL =
  /^\s*(?:COMMIT|ROLLBACK|SAVEPOINT\s|RELEASE\s|ROLLBACK\s+TO\s|-- Implicit "(?:COMMIT|ROLLBACK)")/i;

/** A tenant, archive or backup schema: never public, a system schema or the placeholder itself. */
function isRoutableSchema(schema: string): boolean {
  try {
    assertManagedSchemaName(schema);
  } catch {
    return false;
  }
  return schema !== 'public';
}

class StatementRouter {
  readonly #quotedPlaceholder: string;
  constructor(readonly options: RoutingOptions) {
    this.#quotedPlaceholder = `"${options.placeholder}"`;
  }

  /** The schema statements are routed to now: the bound one, validated. */
  currentSchema(): string {
    const schema = boundSchema();
    if (schema === undefined)
      throw new UnroutableStatementError('No tenant is bound to this Prisma call: refused, nothing was sent.');
    if (!isRoutableSchema(schema))
      throw new UnroutableStatementError(`Refused to route a statement to "${schema}": not a tenant schema name.`);
    return schema;
  }

  route(query: SqlQuery, schema: string): { query: SqlQuery; statement: RoutedStatement } {
    if (!query.sql.includes(this.#quotedPlaceholder)) {
      throw new UnroutableStatementError(
        'A statement on the shared tenant engine names no tenant table (raw SQL must be placeholder-qualified: ClientCache.tenantTable()): refused, nothing was sent.',
      );
    }
    const sql = query.sql.replaceAll(this.#quotedPlaceholder, quoteIdent(schema));
    return { query: { ...query, sql }, statement: { schema, template: query.sql, sql } };
  }

  send<T>(statement: RoutedStatement, send: () => Promise<T>): Promise<T> {
    return this.options.around ? this.options.around(statement, send) : send();
  }
}

class RoutingTransaction implements Transaction {
  readonly provider;
  readonly adapterName;
  readonly options;
  constructor(
    readonly inner: Transaction,
    readonly schema: string,
    readonly router: StatementRouter,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }

  #prepare(query: SqlQuery): { query: SqlQuery; statement: RoutedStatement | null } {
    if (TRANSACTION_CONTROL.test(query.sql)) return { query, statement: null };
    const schema = this.router.currentSchema();
    if (schema !== this.schema) {
      throw new UnroutableStatementError(
        `A transaction of "${this.schema}" was used for "${schema}": refused, nothing was sent.`,
      );
    }
    return this.router.route(query, schema);
  }

  async queryRaw(params: SqlQuery): Promise<SqlResultSet> {
    const { query, statement } = this.#prepare(params);
    return statement ? this.router.send(statement, () => this.inner.queryRaw(query)) : this.inner.queryRaw(query);
  }
  async executeRaw(params: SqlQuery): Promise<number> {
    const { query, statement } = this.#prepare(params);
    return statement ? this.router.send(statement, () => this.inner.executeRaw(query)) : this.inner.executeRaw(query);
  }
  commit(): Promise<void> {
    return this.inner.commit();
  }
  rollback(): Promise<void> {
    return this.inner.rollback();
  }
  createSavepoint(name: string): Promise<void> {
    return this.inner.createSavepoint!(name);
  }
  rollbackToSavepoint(name: string): Promise<void> {
    return this.inner.rollbackToSavepoint!(name);
  }
  releaseSavepoint(name: string): Promise<void> {
    return this.inner.releaseSavepoint ? this.inner.releaseSavepoint(name) : Promise.resolve();
  }
}

class RoutingAdapter implements SqlDriverAdapter {
  readonly provider;
  readonly adapterName;
  constructor(
    readonly inner: SqlDriverAdapter,
    readonly router: StatementRouter,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async queryRaw(params: SqlQuery): Promise<SqlResultSet> {
    const { query, statement } = this.router.route(params, this.router.currentSchema());
    return this.router.send(statement, () => this.inner.queryRaw(query));
  }
  async executeRaw(params: SqlQuery): Promise<number> {
    const { query, statement } = this.router.route(params, this.router.currentSchema());
    return this.router.send(statement, () => this.inner.executeRaw(query));
  }
  async executeScript(): Promise<void> {
    throw new UnroutableStatementError(
      'executeScript is not routed on the shared tenant engine: refused, nothing was sent.',
    );
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const schema = this.router.currentSchema();
    return new RoutingTransaction(await this.inner.startTransaction(isolationLevel), schema, this.router);
  }
  getConnectionInfo() {
    const info = this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
    return { ...info, schemaName: this.router.options.placeholder };
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

export class RoutingAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider;
  readonly adapterName;
  readonly #router: StatementRouter;
  constructor(
    readonly inner: SqlDriverAdapterFactory,
    options: RoutingOptions,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    this.#router = new StatementRouter(options);
  }

  async connect(): Promise<SqlDriverAdapter> {
    return new RoutingAdapter(await this.inner.connect(), this.#router);
  }
}
