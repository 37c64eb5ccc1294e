// Typed documents, from the committed schema snapshot: the example client's (the contract), and the tests'
// (every gql(`...`) in test/, for execute() in test/helpers/api.ts). `npm run codegen` writes examples/client/gql/
// (with persisted-documents.json) and test/gql/; CI fails when either is stale (test/unit/codegen.test.ts).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'test/schema.graphql',
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/client/gql/': {
      documents: ['examples/client/operations.graphql'],
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
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      // gql, not graphql: test/helpers/api.ts already has a graphql() for untyped requests.
      presetConfig: { fragmentMasking: false, gqlTagName: 'gql' },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
    },
  },
};

export default config;
