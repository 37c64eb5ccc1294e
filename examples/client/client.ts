// A minimal typed GraphQL client for the gateway. It speaks node:http because the tenant is chosen
// by the Host header, which fetch() does not let callers set.
import { request } from 'node:http';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  /** Host header: the tenant's host (acme.localhost) or the platform host (localhost). */
  host: string;
  token?: string;
}

export class GatewayError extends Error {
  constructor(
    readonly errors: { message: string; extensions?: { code?: string } }[],
    readonly status: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
}

export function createClient(opts: ClientOptions) {
  return async function execute<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    const url = new URL('/graphql', opts.baseUrl);
    // Generated documents carry their trusted-document hash (codegen persistedDocuments): sent as
    // Apollo/Yoga clients do, it lets a gateway with TRUSTED_DOCUMENTS=required run them; the text
    // serves gateways with trusted documents off.
    const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
    const extensions = hash ? { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } } : undefined;
    const body = JSON.stringify({ query: print(document), variables, extensions });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            host: opts.host,
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const result = JSON.parse(text) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
    if (result.errors?.length) throw new GatewayError(result.errors, status);
    return result.data as R;
  };
}
