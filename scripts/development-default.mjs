// Loaded first by the npm scripts (node --import ./scripts/development-default.mjs …): a local run
// with no NODE_ENV is development. The gateway itself treats an unset NODE_ENV as production.
process.env.NODE_ENV ||= 'development';
