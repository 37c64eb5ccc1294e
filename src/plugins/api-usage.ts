// Each GraphQL request executed on a tenant host counts one API call (UsageMeter batches them), and
// the monthly limit is checked first: hard mode answers RATE_LIMITED (429), soft mode serves the
// request with a warning in extensions. Refused requests are not counted.
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context.js';
import type { Services } from '../services.js';
import { checkApiCallLimit } from '../tenancy/api-limit.js';
import { readUsage } from '../tenancy/usage-math.js';

export function apiUsagePlugin(services: Services): Plugin<GraphQLContext> {
  const mode = services.config.usage.apiCallLimitMode;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as GraphQLContext;
      const tenant = ctx.tenant;
      if (!tenant) return;
      // The cached tenant row may predate our last flush; the meter knows the newer month total.
      const cached = readUsage(tenant.usage).apiCallsPerMonth;
      const committed = Math.max(cached, services.usage.committedThisMonth(tenant.id) ?? 0);
      const usage = { ...(tenant.usage as object), api_calls_per_month: committed };
      const decision = checkApiCallLimit({ limits: tenant.limits, usage }, services.usage.pending(tenant.id), mode);
      if (!decision.allowed) {
        setResultAndStopExecution({ errors: [decision.error!] });
        return;
      }
      services.usage.countApiCall(tenant.id);
      if (decision.warning) {
        return {
          onExecuteDone({ result, setResult }) {
            if ('data' in result || 'errors' in result) {
              setResult({ ...result, extensions: { ...result.extensions, warnings: [decision.warning] } });
            }
          },
        };
      }
    },
  };
}
