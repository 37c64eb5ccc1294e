// Each GraphQL request executed on a tenant host counts one API call (UsageMeter batches them), and
// the monthly limit is checked first: hard mode answers RATE_LIMITED (429), soft mode serves the
// request with a warning in extensions. Refused requests are not counted. On the platform host an
// operation that targets a tenant by id is counted and limited against that tenant instead
// (meterTargetedTenant, called by schema/access.ts targetTenant), once per tenant per request.
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context.js';
import type { Tenant } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { checkApiCallLimit, type ApiCallLimitDecision } from '../control-plane/api-limit.js';
import { readUsage } from '../control-plane/usage-math.js';

function decide(services: Services, tenant: Tenant): ApiCallLimitDecision {
  // The cached tenant row may predate our last flush; the meter knows the newer month total.
  const cached = readUsage(tenant.usage).apiCallsPerMonth;
  const committed = Math.max(cached, services.usage.committedThisMonth(tenant.id) ?? 0);
  const usage = { ...(tenant.usage as object), api_calls_per_month: committed };
  return checkApiCallLimit(
    { limits: tenant.limits, usage },
    services.usage.pending(tenant.id),
    services.config.usage.apiCallLimitMode,
  );
}

/** Per platform-host request: the tenants already metered, and soft-limit warnings to report. */
const targeted = new WeakMap<GraphQLContext, { tenants: Map<string, ApiCallLimitDecision>; warnings: string[] }>();

/**
 * An operation on the platform host targets `tenant` (a member addressing it by id): one API call of
 * that tenant per request, refused with RATE_LIMITED past its monthly limit in hard mode. Platform
 * staff are neither counted nor limited (they must be able to raise a limit that has been reached).
 */
export function meterTargetedTenant(ctx: GraphQLContext, tenant: Tenant): void {
  if (ctx.tenant || ctx.viewer?.isSystemAdmin) return;
  let seen = targeted.get(ctx);
  if (!seen) targeted.set(ctx, (seen = { tenants: new Map(), warnings: [] }));
  let decision = seen.tenants.get(tenant.id);
  if (!decision) {
    decision = decide(ctx.services, tenant);
    seen.tenants.set(tenant.id, decision);
    if (decision.allowed) ctx.services.usage.countApiCall(tenant.id);
    if (decision.warning) seen.warnings.push(decision.warning);
  }
  if (!decision.allowed) throw decision.error!;
}

export function apiUsagePlugin(services: Services): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as GraphQLContext;
      const tenant = ctx.tenant;
      if (!tenant) {
        return {
          onExecuteDone({ result, setResult }) {
            const warnings = targeted.get(ctx)?.warnings;
            if (warnings?.length && ('data' in result || 'errors' in result)) {
              setResult({ ...result, extensions: { ...result.extensions, warnings } });
            }
          },
        };
      }
      const decision = decide(services, tenant);
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
