import fp from 'fastify-plugin';
import { PlanNode } from './schemas.js';
import { PlanNodeDraft } from '../imports/schemas.js';

/**
 * Registers the schemas that nest (a plan's item tree, a draft's item tree) by id, so that routes can refer to
 * them with `$ref` and the OpenAPI document lists them once under components.
 */
export const planSchemasPlugin = fp(
  async (app) => {
    app.addSchema(PlanNode);
    app.addSchema(PlanNodeDraft);
  },
  { name: 'luoshi-plan-schemas' },
);
