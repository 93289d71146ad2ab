import { can, type Identity } from '../../../lib/auth/identity.js';
import { mayServeCounter } from '../../../lib/auth/counter-scope.js';
import type { Bus, BusEvent } from '../../../lib/events/bus.js';
import {
  counterSubject,
  declarationQueueSubject,
  declarationSubject,
  DELIVERY_SUBJECT,
  handlingSubject,
  hallWarningSubject,
  type CounterEventData,
  type DeliveryData,
} from '../../../lib/events/contracts.js';
import { appError, ErrorCode, forbidden } from '../../../lib/errors.js';
import { hallOf, hallOfCounter } from '../../../lib/org-chart.js';
import type {
  QueryResolvers,
  SubscriptionCounterEventsArgs,
  SubscriptionDeclarationDecisionsArgs,
  SubscriptionDeclarationsFiledArgs,
  SubscriptionHallWarningOrdersArgs,
  SubscriptionHandlingUpdatesArgs,
  SubscriptionResolvers,
} from '../__generated__/resolvers-types.js';

/**
 * A subscription field of this subgraph, as the gateway serves it: the bus subject the caller
 * listens to, and the query field each event is read back through (the subscriber's selection
 * runs on it, so it reaches into any subgraph through the ordinary query plan).
 */
export interface SubscriptionRoute<Args> {
  queryField: keyof QueryResolvers & string;
  /** The caller's subject, or an error with a code when they may not listen. */
  subject(args: Args, identity: Identity): string;
  /** Called once per event a gateway pushed to a subscriber. */
  onPushed?(event: BusEvent): void;
}

type Routes = { [F in keyof SubscriptionResolvers]-?: SubscriptionRoute<ArgsOf<F>> };
type ArgsOf<F> = F extends 'counterEvents'
  ? SubscriptionCounterEventsArgs
  : F extends 'hallWarningOrders'
    ? SubscriptionHallWarningOrdersArgs
    : F extends 'handlingUpdates'
      ? SubscriptionHandlingUpdatesArgs
      : F extends 'declarationsFiled'
        ? SubscriptionDeclarationsFiledArgs
        : SubscriptionDeclarationDecisionsArgs;

export function subscriptionRoutes(bus: Bus): Routes {
  const reported = new Set<number>();
  return {
    counterEvents: {
      queryField: 'counterEvent',
      subject({ counter }, identity) {
        const hall = hallOfCounter(counter);
        if (!hall) throw appError(ErrorCode.NOT_FOUND, `柜台 ${counter} 不存在 / no such counter`);
        if (!mayServeCounter(identity, { hall: hall.code, city: hall.cityCode }))
          throw forbidden('只能订阅本营业厅的柜台 / counters of other halls are out of scope');
        return counterSubject(counter);
      },
      // A customer's insight reached the counter: tell alerts once per event, from whichever gateway pushed it.
      onPushed(event) {
        const data = event.data as CounterEventData;
        if (data.kind !== 'CUSTOMER_IDENTIFIED' || !data.msisdnKey || reported.has(event.seq)) return;
        reported.add(event.seq);
        if (reported.size > 10_000) reported.delete(reported.values().next().value!);
        const delivery: DeliveryData = { eventSeq: event.seq, counter: data.counter, msisdnKey: data.msisdnKey, at: new Date().toISOString() };
        void bus.publish(DELIVERY_SUBJECT, delivery).catch(() => reported.delete(event.seq));
      },
    },
    declarationDecisions: {
      queryField: 'declarationEvent',
      subject: (_args, identity) => declarationSubject(identity.staffId),
    },
    declarationsFiled: {
      queryField: 'filedDeclarationEvent',
      subject(_args, identity) {
        if (!can(identity, 'declaration:review')) throw forbidden('只有审核员可以订阅申报队列 / only reviewers may listen to the queue');
        return declarationQueueSubject(identity.city);
      },
    },
    handlingUpdates: {
      queryField: 'handlingEvent',
      subject: (_args, identity) => handlingSubject(identity.staffId),
    },
    hallWarningOrders: {
      queryField: 'hallWarningEvent',
      subject({ hall }, identity) {
        const h = hallOf(hall);
        if (!h) throw appError(ErrorCode.NOT_FOUND, `营业厅 ${hall} 不存在 / no such hall`);
        if (h.cityCode !== identity.city) throw forbidden('只能订阅本地市的营业厅 / halls of other cities are out of scope');
        return hallWarningSubject(h.code);
      },
    },
  };
}
