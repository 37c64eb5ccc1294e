// Trusted documents (persisted operations): with TRUSTED_DOCUMENTS=required only the documents of a
// manifest the frontends were built with may run; `allow` also runs them by hash and accepts any other
// document. System admins are exempt in both modes (the explorer keeps working for them).
//
// The manifest (TRUSTED_DOCUMENTS_FILE) is `npm run codegen`'s persisted-documents.json, a JSON object
// hash → document with hashes `sha256:<hex>` (plain `<hex>` keys and Apollo's persisted query manifest,
// `{ "operations": [{ "id", "body" }] }`, are read too). Every hash is checked against its document.
//
// A client names a document by hash the way Apollo's and Yoga's clients already do:
//   { "extensions": { "persistedQuery": { "version": 1, "sha256Hash": "<hex>" } }, "variables": … }
//   { "documentId": "sha256:<hex>", "variables": … }     (GraphQL over HTTP, persisted documents)
// or sends the text of a trusted document (any formatting: documents are compared normalised).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { parse } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Services } from '../services.js';

export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';
export const TRUSTED_DOCUMENT_REQUIRED = 'TRUSTED_DOCUMENT_REQUIRED';

const HEX = /^[0-9a-f]{64}$/;

export class TrustedDocuments {
  /** sha256 hex → document text. */
  readonly #byHash = new Map<string, string>();
  /** sha256 of each document's normalised print: a document sent as text is matched by this. */
  readonly #normalised = new Set<string>();

  constructor(manifest: Record<string, string>, source = 'manifest') {
    for (const [key, document] of Object.entries(manifest)) {
      const hash = key.replace(/^sha256:/, '');
      if (!HEX.test(hash) || typeof document !== 'string') {
        throw new Error(`${source}: "${key}" is not a sha256 hash (sha256:<64 hex digits>) of a document`);
      }
      if (sha256(document) !== hash) throw new Error(`${source}: the document of ${key} does not have that hash`);
      this.#byHash.set(hash, document);
      this.#normalised.add(sha256(normalise(document)));
    }
  }

  static fromFile(path: string): TrustedDocuments {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`TRUSTED_DOCUMENTS_FILE ${path}: cannot read it as JSON (${(err as Error).message})`);
    }
    if (raw && typeof raw === 'object' && Array.isArray((raw as { operations?: unknown }).operations)) {
      const operations = (raw as { operations: { id?: unknown; body?: unknown }[] }).operations;
      raw = Object.fromEntries(operations.map((op) => [String(op.id), op.body as string]));
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new Error(`TRUSTED_DOCUMENTS_FILE ${path}: expected an object hash → document`);
    return new TrustedDocuments(raw as Record<string, string>, `TRUSTED_DOCUMENTS_FILE ${path}`);
  }

  get size(): number {
    return this.#byHash.size;
  }

  byHash(hash: string): string | undefined {
    return this.#byHash.get(hash.replace(/^sha256:/, ''));
  }

  /** True when `text` is a trusted document, however it is formatted. */
  hasText(text: string, maxTokens: number): boolean {
    try {
      return this.#normalised.has(sha256(normalise(text, maxTokens)));
    } catch {
      return false; // not even a document: Yoga reports the syntax error where it is allowed to run
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function normalise(text: string, maxTokens?: number): string {
  return printExecutableGraphQLDocument(parse(text, { noLocation: true, ...(maxTokens ? { maxTokens } : {}) }));
}

/** The hash a request names its document by, or null; `undefined` values are left to Yoga's checks. */
function documentIdOf(params: Record<string, unknown>): unknown {
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  if (persisted && typeof persisted === 'object') return persisted.sha256Hash ?? null;
  return params.documentId ?? null;
}

function refused(code: string, message: string) {
  return createGraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** Reads the manifest at start-up (a bad one stops the gateway); no plugin when TRUSTED_DOCUMENTS=off. */
export function trustedDocumentsPlugins(services: Pick<Services, 'config' | 'auth' | 'logger'>): Plugin[] {
  const { mode, file } = services.config.trustedDocuments;
  if (mode === 'off' || !file) return [];
  const documents = TrustedDocuments.fromFile(file);
  services.logger.info({ mode, file, documents: documents.size }, 'trusted documents loaded');
  return [trustedDocumentsPlugin(documents, mode, services)];
}

export function trustedDocumentsPlugin(
  documents: TrustedDocuments,
  mode: Config['trustedDocuments']['mode'],
  services: Pick<Services, 'config' | 'auth'>,
): Plugin {
  const maxTokens = services.config.graphql.maxTokens;
  return {
    async onParams({ params, request, setParams }) {
      const raw = params as unknown as Record<string, unknown>;
      const id = documentIdOf(raw);
      if (id !== null) {
        const document = typeof id === 'string' ? documents.byHash(id) : undefined;
        if (document === undefined) {
          throw refused(
            PERSISTED_QUERY_NOT_FOUND,
            `No trusted document has the hash ${JSON.stringify(id)}: send one of the documents this app was built with.`,
          );
        }
        // The manifest's document runs, whatever text came with the hash.
        setParams({
          query: document,
          variables: params.variables,
          operationName: params.operationName,
          extensions: params.extensions,
        });
        return;
      }
      if (mode !== 'required' || typeof params.query !== 'string') return; // Yoga refuses a missing query itself
      if (documents.hasText(params.query, maxTokens)) return;
      if ((await services.auth.authenticate(request))?.isSystemAdmin) return;
      throw refused(
        TRUSTED_DOCUMENT_REQUIRED,
        'Only trusted documents run on this gateway: send the hash of a document the app was built with (extensions.persistedQuery.sha256Hash or documentId), or its exact text.',
      );
    },
  };
}
