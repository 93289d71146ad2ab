import { graphql } from '../src/__generated__';

export const HallsQuery = graphql(`
  query WorkbenchHalls {
    halls { code name counters }
  }
`);

export const OpenCounterMutation = graphql(`
  mutation WorkbenchOpenCounter($counter: ID!) {
    openCounterSession(counter: $counter) { counter hall staffId openedAt currentCustomer { ...CustomerPicture } }
  }
`);

export const IdentifyMutation = graphql(`
  mutation WorkbenchIdentify($counter: ID!, $msisdn: String!) {
    identifyCustomer(counter: $counter, msisdn: $msisdn) { eventId counter customer { ...CustomerPicture } }
  }
`);

export const CounterEventsSubscription = graphql(`
  subscription WorkbenchCounterEvents($counter: ID!) {
    counterEvents(counter: $counter) { id kind counter at source customer { ...CustomerPicture } }
  }
`);

export const AcknowledgeMutation = graphql(`
  mutation WorkbenchAcknowledge($id: ID!) {
    acknowledgeWarningOrder(id: $id) { id status acknowledgedAt }
  }
`);

export const HandleWarningMutation = graphql(`
  mutation WorkbenchHandleWarning($id: ID!, $outcome: WarningOutcome!, $note: String) {
    handleWarningOrder(id: $id, outcome: $outcome, note: $note) { id status outcome handledAt }
  }
`);

/**
 * What every screen shows of a customer: the operations above spread it, and codegen types it.
 * @public
 */
export const CustomerPictureFragment = graphql(`
  fragment CustomerPicture on Customer {
    id
    name
    msisdn
    segment
    tenureMonths
    arpu
    tags
    city { code name }
    usage { month dataMb voiceMinutes overageFee }
    currentPackage { code name monthlyFee dataGb }
    holdings { id kind name endDate daysLeft expiryLabel monthlyFee }
    warningOrders {
      id
      type
      level
      status
      content
      dueDate
      flags
      typeCheck { believed reason }
      parsed { status reasons figures { name value unit } actions dueDate }
    }
    # Ranking takes longest: over HTTP the picture comes first and the cards after (@defer).
    ... @defer(label: "cards") {
      recommendations(limit: 3) {
        id
        rank
        fitScore
        monthlyFeeChange
        requiresApproval
        package { code name monthlyFee dataGb voiceMinutes }
        promotion { promotionName tier { name } }
        reasons { text }
      }
    }
  }
`);
