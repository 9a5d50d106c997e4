import fp from 'fastify-plugin';
import { PlanNode, PlanVersionNode } from './schemas.js';
import { PlanNodeDraft } from '../imports/schemas.js';
import { AreaNode } from '../areas/schemas.js';

/**
 * Registers the schemas that nest (a plan's item tree, a draft's item tree, the area tree) by id, so that routes can refer to
 * them with `$ref` and the OpenAPI document lists them once under components.
 */
export const planSchemasPlugin = fp(
  async (app) => {
    app.addSchema(PlanNode);
    app.addSchema(PlanVersionNode);
    app.addSchema(PlanNodeDraft);
    app.addSchema(AreaNode);
  },
  { name: 'luoshi-plan-schemas' },
);
