import { graphql } from '../src/__generated__';

export const DeclarationQueueQuery = graphql(`
  query ConsoleDeclarationQueue {
    declarationQueue {
      id
      status
      overdue
      packageCode
      tierCode
      reason
      declaredBy
      declaredAt
      hallCode
      customer { id name segment arpu tenureMonths }
    }
  }
`);

export const DecideMutation = graphql(`
  mutation ConsoleDecide($input: DecideDeclarationInput!) {
    decideDeclaration(input: $input) { id status decidedBy decidedAt decisionReason }
  }
`);

export const RuleSetInForceQuery = graphql(`
  query ConsoleRuleSet {
    ruleSet { version name status effectiveFrom yaml }
  }
`);

export const ValidateQuery = graphql(`
  query ConsoleValidateRuleSet($yaml: String!) {
    validateRuleSet(yaml: $yaml) { valid ruleCount problems { path line column message } }
  }
`);

export const SaveDraftMutation = graphql(`
  mutation ConsoleSaveDraft($input: RuleSetDraftInput!) {
    saveRuleSetDraft(input: $input) { version status name }
  }
`);

export const PublishMutation = graphql(`
  mutation ConsolePublish($input: PublishRuleSetInput!) {
    publishRuleSet(input: $input) { version status name effectiveFrom }
  }
`);

export const PreviewQuery = graphql(`
  query ConsolePreview($msisdn: String!, $version: Int!) {
    customer(msisdn: $msisdn) {
      id
      name
      recommendationPreview(ruleSetVersion: $version, limit: 3) {
        currentVersion
        candidateVersion
        added
        removed
        current { id package { code name } }
        candidate { id package { code name } }
      }
    }
  }
`);

export const ConversionQuery = graphql(`
  query ConsoleConversion($from: Date!, $to: Date!, $by: ConversionDimension!) {
    recommendationConversion(from: $from, to: $to, by: $by) { key shown accepted declined deferred ordered conversionRate acceptanceRate }
  }
`);

export const ExperimentsQuery = graphql(`
  query ConsoleExperiments {
    ruleSetExperiments {
      id
      name
      status
      split
      share
      candidateVersion
      startedAt
      endedAt
      arms {
        arm
        ruleSetVersions
        shown
        accepted
        ordered
        acceptanceRate
        acceptanceInterval { low high }
        orderRate
        orderInterval { low high }
      }
    }
  }
`);

export const PromoteExperimentMutation = graphql(`
  mutation ConsolePromoteExperiment($id: ID!) {
    promoteRuleSetExperiment(id: $id) { id status endedAt }
  }
`);

export const StopExperimentMutation = graphql(`
  mutation ConsoleStopExperiment($id: ID!) {
    stopRuleSetExperiment(id: $id) { id status endedAt }
  }
`);

export const DeclarationsFiledSubscription = graphql(`
  subscription ConsoleDeclarationsFiled {
    declarationsFiled { id status declaration { id } }
  }
`);
