// Typed documents for the example client, from the committed schema snapshot and the contract.
// `npm run codegen` writes examples/client/gql/ (with persisted-documents.json); CI fails when they are stale (test/unit/codegen.test.ts).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'test/schema.graphql',
  documents: ['examples/client/operations.graphql'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/client/gql/': {
      preset: 'client',
      // persisted-documents.json (hash → document) is the manifest of trusted documents the gateway
      // loads (TRUSTED_DOCUMENTS_FILE); each document also carries its hash (`__meta__.hash`).
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
    },
  },
};

export default config;
