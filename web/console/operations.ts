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
