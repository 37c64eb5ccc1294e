// The browser's typed client: same-origin POST /graphql (the page's host, e.g. acme.localhost:5173,
// is the tenant; the dev server passes it on to the gateway), sending each generated document by
// its trusted-document hash only, so it runs on a gateway with TRUSTED_DOCUMENTS=required.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export class GatewayError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(code ? `${code}: ${message}` : message);
  }
}

export function createClient(opts: { token?: string | null }) {
  return async function execute<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
    if (!hash) throw new Error('document without a trusted-document hash: run npm run codegen');
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify({ documentId: hash, variables }),
    });
    const result = (await response.json()) as {
      data?: R;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = result.errors?.[0];
    if (error) throw new GatewayError(error.extensions?.code, error.message);
    return result.data as R;
  };
}
