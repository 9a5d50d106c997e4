import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { chinaDate, runSupervision } from './runner.js';
import { supervisionRepository } from './supervision.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The daily supervision run, when the configuration turns it on: `check()` runs it now if the day is new. */
    supervisionSchedule: { check: () => Promise<void>; stop: () => void } | null;
  }
}

/**
 * The daily run inside the server: every `supervisionCheckMinutes` it looks at the local China date of
 * `app.clock()` and runs the rules of every active plan not yet run for that day. Several server processes may
 * each do so: a run is idempotent per plan and day (see runSupervision). Returns the check, for tests to call.
 */
export function startSupervisionSchedule(app: FastifyInstance): {
  check: () => Promise<void>;
  stop: () => void;
} {
  // The day each plan was last run for: a plan added (or made active) during the day is run at the next check.
  const lastDay = new Map<number, string>();
  let running: Promise<void> | null = null;
  const check = async () => {
    if (running) return running;
    const day = chinaDate(app.clock());
    running = (async () => {
      try {
        for (const planId of await supervisionRepository.activePlanIds(app.db)) {
          if (lastDay.get(planId) === day) continue;
          const r = await runSupervision(app.db, planId, day, 'schedule', SYSTEM_ACTOR);
          app.supervisionNotify({ deliveryIds: r.deliveryIds, events: r.events, asOf: day });
          lastDay.set(planId, day);
        }
      } catch (err) {
        app.log.error({ err }, 'scheduled supervision run failed; it is tried again at the next check');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void check(), app.config.supervisionCheckMinutes * 60_000);
  timer.unref();
  // The first check soon after start, not a full interval later.
  const first = setTimeout(() => void check(), 1000);
  first.unref();
  const stop = () => {
    clearInterval(timer);
    clearTimeout(first);
  };
  app.addHook('onClose', async () => {
    stop();
    if (running) await running;
  });
  return { check, stop };
}
