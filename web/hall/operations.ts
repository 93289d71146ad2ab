import { graphql } from '../src/__generated__';

/**
 * A warning order as the hall's feed lists it.
 * @public
 */
export const HallWarningFragment = graphql(`
  fragment HallWarning on WarningOrder {
    id
    type
    level
    status
    dueDate
    issuedAt
    deliveredCounter
    flags
    typeCheck { believed reason }
    parsed { reasons actions }
    customer { id name }
  }
`);

export const HallFeedQuery = graphql(`
  query HallFeed($hall: ID!) {
    halls { code name counters }
    hallWarningOrders(hall: $hall) { ...HallWarning }
  }
`);

export const HallWarningsSubscription = graphql(`
  subscription HallWarnings($hall: ID!) {
    hallWarningOrders(hall: $hall) { id at warningOrder { ...HallWarning } }
  }
`);

export const CounterNowQuery = graphql(`
  query HallCounterNow($counter: ID!) {
    counterSession(counter: $counter) { counter staffId openedAt closedAt identifiedAt currentCustomer { id name } }
  }
`);

export const CounterActivitySubscription = graphql(`
  subscription HallCounterActivity($counter: ID!) {
    counterEvents(counter: $counter) { id kind at source customer { id name } }
  }
`);
