import type { FastifyInstance } from 'fastify';
import { emailNoticeEvents } from './email.js';
import { sendDeliveries, type SendOptions } from './webhooks.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends what a committed supervision write announced (webhooks, e-mail), in the background. */
    supervisionNotify(work: {
      deliveryIds: readonly number[];
      events?: readonly { noticeId: number; kind: string }[];
      asOf?: string;
    }): void;
    /** Resolves once every send started so far has finished (tests, shutdown). */
    supervisionIdle(): Promise<void>;
  }
}

/**
 * Announcements leave after the commit and outside the request: a slow or failing robot must not hold a reply
 * or roll back a notice. Each attempt is recorded on its delivery row; e-mail failures are logged.
 */
export function registerNotifier(app: FastifyInstance, sendOptions: SendOptions = {}): void {
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  app.decorate('supervisionNotify', (work) => {
    if (work.deliveryIds.length > 0)
      track(
        sendDeliveries(app.db, work.deliveryIds, { clock: () => app.clock(), ...sendOptions }).catch(
          (err: unknown) => app.log.error({ err }, 'webhook deliveries failed'),
        ),
      );
    const smtp = app.config.smtp;
    if (smtp && work.events && work.events.length > 0)
      track(
        emailNoticeEvents(app.db, smtp, work.events, work.asOf ?? '').then(
          () => undefined,
          (err: unknown) => app.log.error({ err }, 'supervision e-mail failed'),
        ),
      );
  });
  app.decorate('supervisionIdle', async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  });
  app.addHook('onClose', async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  });
}
