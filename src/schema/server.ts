import { builder } from './builder.js';

builder.queryField('serverTime', (t) =>
  t.field({
    type: 'String',
    description: "The gateway's current time (ISO-8601); a cheap liveness query.",
    resolve: () => new Date().toISOString(),
  }),
);
