/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleDeclarationQueue {\n    declarationQueue {\n      id\n      status\n      overdue\n      packageCode\n      tierCode\n      reason\n      declaredBy\n      declaredAt\n      hallCode\n      customer { id name segment arpu tenureMonths }\n    }\n  }\n": typeof types.ConsoleDeclarationQueueDocument,
    "\n  mutation ConsoleDecide($input: DecideDeclarationInput!) {\n    decideDeclaration(input: $input) { id status decidedBy decidedAt decisionReason }\n  }\n": typeof types.ConsoleDecideDocument,
    "\n  query ConsoleRuleSet {\n    ruleSet { version name status effectiveFrom yaml }\n  }\n": typeof types.ConsoleRuleSetDocument,
    "\n  query ConsoleValidateRuleSet($yaml: String!) {\n    validateRuleSet(yaml: $yaml) { valid ruleCount problems { path line column message } }\n  }\n": typeof types.ConsoleValidateRuleSetDocument,
    "\n  mutation ConsoleSaveDraft($input: RuleSetDraftInput!) {\n    saveRuleSetDraft(input: $input) { version status name }\n  }\n": typeof types.ConsoleSaveDraftDocument,
    "\n  mutation ConsolePublish($input: PublishRuleSetInput!) {\n    publishRuleSet(input: $input) { version status name effectiveFrom }\n  }\n": typeof types.ConsolePublishDocument,
    "\n  query ConsolePreview($msisdn: String!, $version: Int!) {\n    customer(msisdn: $msisdn) {\n      id\n      name\n      recommendationPreview(ruleSetVersion: $version, limit: 3) {\n        currentVersion\n        candidateVersion\n        added\n        removed\n        current { id package { code name } }\n        candidate { id package { code name } }\n      }\n    }\n  }\n": typeof types.ConsolePreviewDocument,
    "\n  query ConsoleConversion($from: Date!, $to: Date!, $by: ConversionDimension!) {\n    recommendationConversion(from: $from, to: $to, by: $by) { key shown accepted declined deferred ordered conversionRate acceptanceRate }\n  }\n": typeof types.ConsoleConversionDocument,
    "\n  query ConsoleExperiments {\n    ruleSetExperiments {\n      id\n      name\n      status\n      split\n      share\n      candidateVersion\n      startedAt\n      endedAt\n      arms {\n        arm\n        ruleSetVersions\n        shown\n        accepted\n        ordered\n        acceptanceRate\n        acceptanceInterval { low high }\n        orderRate\n        orderInterval { low high }\n      }\n    }\n  }\n": typeof types.ConsoleExperimentsDocument,
    "\n  mutation ConsolePromoteExperiment($id: ID!) {\n    promoteRuleSetExperiment(id: $id) { id status endedAt }\n  }\n": typeof types.ConsolePromoteExperimentDocument,
    "\n  mutation ConsoleStopExperiment($id: ID!) {\n    stopRuleSetExperiment(id: $id) { id status endedAt }\n  }\n": typeof types.ConsoleStopExperimentDocument,
    "\n  subscription ConsoleDeclarationsFiled {\n    declarationsFiled { id status declaration { id } }\n  }\n": typeof types.ConsoleDeclarationsFiledDocument,
    "\n  fragment HallWarning on WarningOrder {\n    id\n    type\n    level\n    status\n    dueDate\n    issuedAt\n    deliveredCounter\n    flags\n    typeCheck { believed reason }\n    parsed { reasons actions }\n    customer { id name }\n  }\n": typeof types.HallWarningFragmentDoc,
    "\n  query HallFeed($hall: ID!) {\n    halls { code name counters }\n    hallWarningOrders(hall: $hall) { ...HallWarning }\n  }\n": typeof types.HallFeedDocument,
    "\n  subscription HallWarnings($hall: ID!) {\n    hallWarningOrders(hall: $hall) { id at warningOrder { ...HallWarning } }\n  }\n": typeof types.HallWarningsDocument,
    "\n  query HallCounterNow($counter: ID!) {\n    counterSession(counter: $counter) { counter staffId openedAt closedAt identifiedAt currentCustomer { id name } }\n  }\n": typeof types.HallCounterNowDocument,
    "\n  subscription HallCounterActivity($counter: ID!) {\n    counterEvents(counter: $counter) { id kind at source customer { id name } }\n  }\n": typeof types.HallCounterActivityDocument,
    "\n  fragment HandlingView on HandlingSession {\n    id\n    status\n    version\n    requiresApproval\n    failureReason\n    card { cardId packageCode summary }\n    cart {\n      packageName\n      package { code name monthlyFee }\n      promotion { promotionCode promotionName batchCode tierCode tierName gifts { code name value } }\n      addOns { package { code } name monthlyFee }\n    }\n    prices { monthlyFee monthlyFeeChange monthlyDiscount oneTime deposit prepayment dueToday contractMonths }\n    form { hash html }\n    signature { format valid }\n    declaration { id status decisionReason decidedBy }\n    order { id orderNumber status crmOrderId failureReason totalFee }\n    remoteConfirmation { link expiresAt confirmedAt attemptsLeft }\n  }\n": typeof types.HandlingViewFragmentDoc,
    "\n  query WorkbenchHandlingSession($id: ID!) {\n    handlingSession(id: $id) { ...HandlingView }\n  }\n": typeof types.WorkbenchHandlingSessionDocument,
    "\n  mutation WorkbenchStartHandling($input: StartHandlingInput!) {\n    startHandling(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchStartHandlingDocument,
    "\n  mutation WorkbenchPriceCart($input: SessionStepInput!) {\n    priceCart(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchPriceCartDocument,
    "\n  mutation WorkbenchGenerateForm($input: SessionStepInput!) {\n    generateForm(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchGenerateFormDocument,
    "\n  mutation WorkbenchSignForm($input: SignFormInput!) {\n    signForm(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchSignFormDocument,
    "\n  mutation WorkbenchSubmitHandling($input: SubmitHandlingInput!) {\n    submitHandling(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchSubmitHandlingDocument,
    "\n  mutation WorkbenchCancelHandling($input: SessionStepInput!) {\n    cancelHandling(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchCancelHandlingDocument,
    "\n  mutation WorkbenchDeclare($input: DeclareInput!) {\n    declareTargetUser(input: $input) { id status autoApprovedBy decisionReason }\n  }\n": typeof types.WorkbenchDeclareDocument,
    "\n  subscription WorkbenchHandlingUpdates {\n    handlingUpdates { id status session { id } }\n  }\n": typeof types.WorkbenchHandlingUpdatesDocument,
    "\n  subscription WorkbenchDeclarationDecisions {\n    declarationDecisions { id status declaration { id sessionId status decisionReason decidedBy } }\n  }\n": typeof types.WorkbenchDeclarationDecisionsDocument,
    "\n  query WorkbenchCartOptions($promotion: ID!, $withPromotion: Boolean!) {\n    promotion(code: $promotion) @include(if: $withPromotion) {\n      code\n      batches { code tiers { code name giftChoices minMonthlyFee monthlyDiscount gifts { code name value stock } } }\n    }\n    packages(filter: { family: DATA_ADDON }, first: 8) { nodes { code name monthlyFee } }\n  }\n": typeof types.WorkbenchCartOptionsDocument,
    "\n  mutation WorkbenchChooseTier($input: ChoosePromotionTierInput!) {\n    choosePromotionTier(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchChooseTierDocument,
    "\n  mutation WorkbenchChooseGifts($input: ChooseGiftsInput!) {\n    chooseGifts(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchChooseGiftsDocument,
    "\n  mutation WorkbenchAddAddOn($input: CartAddOnInput!) {\n    addCartAddOn(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchAddAddOnDocument,
    "\n  mutation WorkbenchRemoveAddOn($input: CartAddOnInput!) {\n    removeCartAddOn(input: $input) { ...HandlingView }\n  }\n": typeof types.WorkbenchRemoveAddOnDocument,
    "\n  query WorkbenchHalls {\n    halls { code name counters }\n  }\n": typeof types.WorkbenchHallsDocument,
    "\n  mutation WorkbenchOpenCounter($counter: ID!) {\n    openCounterSession(counter: $counter) { counter hall staffId openedAt currentCustomer { ...CustomerPicture } }\n  }\n": typeof types.WorkbenchOpenCounterDocument,
    "\n  mutation WorkbenchIdentify($counter: ID!, $msisdn: String!) {\n    identifyCustomer(counter: $counter, msisdn: $msisdn) { eventId counter customer { ...CustomerPicture } }\n  }\n": typeof types.WorkbenchIdentifyDocument,
    "\n  subscription WorkbenchCounterEvents($counter: ID!) {\n    counterEvents(counter: $counter) { id kind counter at source customer { ...CustomerPicture } }\n  }\n": typeof types.WorkbenchCounterEventsDocument,
    "\n  mutation WorkbenchAcknowledge($id: ID!) {\n    acknowledgeWarningOrder(id: $id) { id status acknowledgedAt }\n  }\n": typeof types.WorkbenchAcknowledgeDocument,
    "\n  mutation WorkbenchHandleWarning($id: ID!, $outcome: WarningOutcome!, $note: String) {\n    handleWarningOrder(id: $id, outcome: $outcome, note: $note) { id status outcome handledAt }\n  }\n": typeof types.WorkbenchHandleWarningDocument,
    "\n  fragment CustomerPicture on Customer {\n    id\n    name\n    msisdn\n    segment\n    tenureMonths\n    arpu\n    tags\n    city { code name }\n    usage { month dataMb voiceMinutes overageFee }\n    currentPackage { code name monthlyFee dataGb }\n    holdings { id kind name endDate daysLeft expiryLabel monthlyFee }\n    warningOrders {\n      id\n      type\n      level\n      status\n      content\n      dueDate\n      flags\n      typeCheck { believed reason }\n      parsed { status reasons figures { name value unit } actions dueDate }\n    }\n    # Ranking takes longest: over HTTP the picture comes first and the cards after (@defer).\n    ... @defer(label: \"cards\") {\n      recommendations(limit: 3) {\n        id\n        rank\n        fitScore\n        monthlyFeeChange\n        requiresApproval\n        package { code name monthlyFee dataGb voiceMinutes }\n        promotion { promotionName tier { name } }\n        reasons { text }\n      }\n    }\n  }\n": typeof types.CustomerPictureFragmentDoc,
};
const documents: Documents = {
    "\n  query ConsoleDeclarationQueue {\n    declarationQueue {\n      id\n      status\n      overdue\n      packageCode\n      tierCode\n      reason\n      declaredBy\n      declaredAt\n      hallCode\n      customer { id name segment arpu tenureMonths }\n    }\n  }\n": types.ConsoleDeclarationQueueDocument,
    "\n  mutation ConsoleDecide($input: DecideDeclarationInput!) {\n    decideDeclaration(input: $input) { id status decidedBy decidedAt decisionReason }\n  }\n": types.ConsoleDecideDocument,
    "\n  query ConsoleRuleSet {\n    ruleSet { version name status effectiveFrom yaml }\n  }\n": types.ConsoleRuleSetDocument,
    "\n  query ConsoleValidateRuleSet($yaml: String!) {\n    validateRuleSet(yaml: $yaml) { valid ruleCount problems { path line column message } }\n  }\n": types.ConsoleValidateRuleSetDocument,
    "\n  mutation ConsoleSaveDraft($input: RuleSetDraftInput!) {\n    saveRuleSetDraft(input: $input) { version status name }\n  }\n": types.ConsoleSaveDraftDocument,
    "\n  mutation ConsolePublish($input: PublishRuleSetInput!) {\n    publishRuleSet(input: $input) { version status name effectiveFrom }\n  }\n": types.ConsolePublishDocument,
    "\n  query ConsolePreview($msisdn: String!, $version: Int!) {\n    customer(msisdn: $msisdn) {\n      id\n      name\n      recommendationPreview(ruleSetVersion: $version, limit: 3) {\n        currentVersion\n        candidateVersion\n        added\n        removed\n        current { id package { code name } }\n        candidate { id package { code name } }\n      }\n    }\n  }\n": types.ConsolePreviewDocument,
    "\n  query ConsoleConversion($from: Date!, $to: Date!, $by: ConversionDimension!) {\n    recommendationConversion(from: $from, to: $to, by: $by) { key shown accepted declined deferred ordered conversionRate acceptanceRate }\n  }\n": types.ConsoleConversionDocument,
    "\n  query ConsoleExperiments {\n    ruleSetExperiments {\n      id\n      name\n      status\n      split\n      share\n      candidateVersion\n      startedAt\n      endedAt\n      arms {\n        arm\n        ruleSetVersions\n        shown\n        accepted\n        ordered\n        acceptanceRate\n        acceptanceInterval { low high }\n        orderRate\n        orderInterval { low high }\n      }\n    }\n  }\n": types.ConsoleExperimentsDocument,
    "\n  mutation ConsolePromoteExperiment($id: ID!) {\n    promoteRuleSetExperiment(id: $id) { id status endedAt }\n  }\n": types.ConsolePromoteExperimentDocument,
    "\n  mutation ConsoleStopExperiment($id: ID!) {\n    stopRuleSetExperiment(id: $id) { id status endedAt }\n  }\n": types.ConsoleStopExperimentDocument,
    "\n  subscription ConsoleDeclarationsFiled {\n    declarationsFiled { id status declaration { id } }\n  }\n": types.ConsoleDeclarationsFiledDocument,
    "\n  fragment HallWarning on WarningOrder {\n    id\n    type\n    level\n    status\n    dueDate\n    issuedAt\n    deliveredCounter\n    flags\n    typeCheck { believed reason }\n    parsed { reasons actions }\n    customer { id name }\n  }\n": types.HallWarningFragmentDoc,
    "\n  query HallFeed($hall: ID!) {\n    halls { code name counters }\n    hallWarningOrders(hall: $hall) { ...HallWarning }\n  }\n": types.HallFeedDocument,
    "\n  subscription HallWarnings($hall: ID!) {\n    hallWarningOrders(hall: $hall) { id at warningOrder { ...HallWarning } }\n  }\n": types.HallWarningsDocument,
    "\n  query HallCounterNow($counter: ID!) {\n    counterSession(counter: $counter) { counter staffId openedAt closedAt identifiedAt currentCustomer { id name } }\n  }\n": types.HallCounterNowDocument,
    "\n  subscription HallCounterActivity($counter: ID!) {\n    counterEvents(counter: $counter) { id kind at source customer { id name } }\n  }\n": types.HallCounterActivityDocument,
    "\n  fragment HandlingView on HandlingSession {\n    id\n    status\n    version\n    requiresApproval\n    failureReason\n    card { cardId packageCode summary }\n    cart {\n      packageName\n      package { code name monthlyFee }\n      promotion { promotionCode promotionName batchCode tierCode tierName gifts { code name value } }\n      addOns { package { code } name monthlyFee }\n    }\n    prices { monthlyFee monthlyFeeChange monthlyDiscount oneTime deposit prepayment dueToday contractMonths }\n    form { hash html }\n    signature { format valid }\n    declaration { id status decisionReason decidedBy }\n    order { id orderNumber status crmOrderId failureReason totalFee }\n    remoteConfirmation { link expiresAt confirmedAt attemptsLeft }\n  }\n": types.HandlingViewFragmentDoc,
    "\n  query WorkbenchHandlingSession($id: ID!) {\n    handlingSession(id: $id) { ...HandlingView }\n  }\n": types.WorkbenchHandlingSessionDocument,
    "\n  mutation WorkbenchStartHandling($input: StartHandlingInput!) {\n    startHandling(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchStartHandlingDocument,
    "\n  mutation WorkbenchPriceCart($input: SessionStepInput!) {\n    priceCart(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchPriceCartDocument,
    "\n  mutation WorkbenchGenerateForm($input: SessionStepInput!) {\n    generateForm(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchGenerateFormDocument,
    "\n  mutation WorkbenchSignForm($input: SignFormInput!) {\n    signForm(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchSignFormDocument,
    "\n  mutation WorkbenchSubmitHandling($input: SubmitHandlingInput!) {\n    submitHandling(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchSubmitHandlingDocument,
    "\n  mutation WorkbenchCancelHandling($input: SessionStepInput!) {\n    cancelHandling(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchCancelHandlingDocument,
    "\n  mutation WorkbenchDeclare($input: DeclareInput!) {\n    declareTargetUser(input: $input) { id status autoApprovedBy decisionReason }\n  }\n": types.WorkbenchDeclareDocument,
    "\n  subscription WorkbenchHandlingUpdates {\n    handlingUpdates { id status session { id } }\n  }\n": types.WorkbenchHandlingUpdatesDocument,
    "\n  subscription WorkbenchDeclarationDecisions {\n    declarationDecisions { id status declaration { id sessionId status decisionReason decidedBy } }\n  }\n": types.WorkbenchDeclarationDecisionsDocument,
    "\n  query WorkbenchCartOptions($promotion: ID!, $withPromotion: Boolean!) {\n    promotion(code: $promotion) @include(if: $withPromotion) {\n      code\n      batches { code tiers { code name giftChoices minMonthlyFee monthlyDiscount gifts { code name value stock } } }\n    }\n    packages(filter: { family: DATA_ADDON }, first: 8) { nodes { code name monthlyFee } }\n  }\n": types.WorkbenchCartOptionsDocument,
    "\n  mutation WorkbenchChooseTier($input: ChoosePromotionTierInput!) {\n    choosePromotionTier(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchChooseTierDocument,
    "\n  mutation WorkbenchChooseGifts($input: ChooseGiftsInput!) {\n    chooseGifts(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchChooseGiftsDocument,
    "\n  mutation WorkbenchAddAddOn($input: CartAddOnInput!) {\n    addCartAddOn(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchAddAddOnDocument,
    "\n  mutation WorkbenchRemoveAddOn($input: CartAddOnInput!) {\n    removeCartAddOn(input: $input) { ...HandlingView }\n  }\n": types.WorkbenchRemoveAddOnDocument,
    "\n  query WorkbenchHalls {\n    halls { code name counters }\n  }\n": types.WorkbenchHallsDocument,
    "\n  mutation WorkbenchOpenCounter($counter: ID!) {\n    openCounterSession(counter: $counter) { counter hall staffId openedAt currentCustomer { ...CustomerPicture } }\n  }\n": types.WorkbenchOpenCounterDocument,
    "\n  mutation WorkbenchIdentify($counter: ID!, $msisdn: String!) {\n    identifyCustomer(counter: $counter, msisdn: $msisdn) { eventId counter customer { ...CustomerPicture } }\n  }\n": types.WorkbenchIdentifyDocument,
    "\n  subscription WorkbenchCounterEvents($counter: ID!) {\n    counterEvents(counter: $counter) { id kind counter at source customer { ...CustomerPicture } }\n  }\n": types.WorkbenchCounterEventsDocument,
    "\n  mutation WorkbenchAcknowledge($id: ID!) {\n    acknowledgeWarningOrder(id: $id) { id status acknowledgedAt }\n  }\n": types.WorkbenchAcknowledgeDocument,
    "\n  mutation WorkbenchHandleWarning($id: ID!, $outcome: WarningOutcome!, $note: String) {\n    handleWarningOrder(id: $id, outcome: $outcome, note: $note) { id status outcome handledAt }\n  }\n": types.WorkbenchHandleWarningDocument,
    "\n  fragment CustomerPicture on Customer {\n    id\n    name\n    msisdn\n    segment\n    tenureMonths\n    arpu\n    tags\n    city { code name }\n    usage { month dataMb voiceMinutes overageFee }\n    currentPackage { code name monthlyFee dataGb }\n    holdings { id kind name endDate daysLeft expiryLabel monthlyFee }\n    warningOrders {\n      id\n      type\n      level\n      status\n      content\n      dueDate\n      flags\n      typeCheck { believed reason }\n      parsed { status reasons figures { name value unit } actions dueDate }\n    }\n    # Ranking takes longest: over HTTP the picture comes first and the cards after (@defer).\n    ... @defer(label: \"cards\") {\n      recommendations(limit: 3) {\n        id\n        rank\n        fitScore\n        monthlyFeeChange\n        requiresApproval\n        package { code name monthlyFee dataGb voiceMinutes }\n        promotion { promotionName tier { name } }\n        reasons { text }\n      }\n    }\n  }\n": types.CustomerPictureFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDeclarationQueue {\n    declarationQueue {\n      id\n      status\n      overdue\n      packageCode\n      tierCode\n      reason\n      declaredBy\n      declaredAt\n      hallCode\n      customer { id name segment arpu tenureMonths }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleDeclarationQueue {\n    declarationQueue {\n      id\n      status\n      overdue\n      packageCode\n      tierCode\n      reason\n      declaredBy\n      declaredAt\n      hallCode\n      customer { id name segment arpu tenureMonths }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDecide($input: DecideDeclarationInput!) {\n    decideDeclaration(input: $input) { id status decidedBy decidedAt decisionReason }\n  }\n"): (typeof documents)["\n  mutation ConsoleDecide($input: DecideDeclarationInput!) {\n    decideDeclaration(input: $input) { id status decidedBy decidedAt decisionReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRuleSet {\n    ruleSet { version name status effectiveFrom yaml }\n  }\n"): (typeof documents)["\n  query ConsoleRuleSet {\n    ruleSet { version name status effectiveFrom yaml }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleValidateRuleSet($yaml: String!) {\n    validateRuleSet(yaml: $yaml) { valid ruleCount problems { path line column message } }\n  }\n"): (typeof documents)["\n  query ConsoleValidateRuleSet($yaml: String!) {\n    validateRuleSet(yaml: $yaml) { valid ruleCount problems { path line column message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSaveDraft($input: RuleSetDraftInput!) {\n    saveRuleSetDraft(input: $input) { version status name }\n  }\n"): (typeof documents)["\n  mutation ConsoleSaveDraft($input: RuleSetDraftInput!) {\n    saveRuleSetDraft(input: $input) { version status name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsolePublish($input: PublishRuleSetInput!) {\n    publishRuleSet(input: $input) { version status name effectiveFrom }\n  }\n"): (typeof documents)["\n  mutation ConsolePublish($input: PublishRuleSetInput!) {\n    publishRuleSet(input: $input) { version status name effectiveFrom }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsolePreview($msisdn: String!, $version: Int!) {\n    customer(msisdn: $msisdn) {\n      id\n      name\n      recommendationPreview(ruleSetVersion: $version, limit: 3) {\n        currentVersion\n        candidateVersion\n        added\n        removed\n        current { id package { code name } }\n        candidate { id package { code name } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsolePreview($msisdn: String!, $version: Int!) {\n    customer(msisdn: $msisdn) {\n      id\n      name\n      recommendationPreview(ruleSetVersion: $version, limit: 3) {\n        currentVersion\n        candidateVersion\n        added\n        removed\n        current { id package { code name } }\n        candidate { id package { code name } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleConversion($from: Date!, $to: Date!, $by: ConversionDimension!) {\n    recommendationConversion(from: $from, to: $to, by: $by) { key shown accepted declined deferred ordered conversionRate acceptanceRate }\n  }\n"): (typeof documents)["\n  query ConsoleConversion($from: Date!, $to: Date!, $by: ConversionDimension!) {\n    recommendationConversion(from: $from, to: $to, by: $by) { key shown accepted declined deferred ordered conversionRate acceptanceRate }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleExperiments {\n    ruleSetExperiments {\n      id\n      name\n      status\n      split\n      share\n      candidateVersion\n      startedAt\n      endedAt\n      arms {\n        arm\n        ruleSetVersions\n        shown\n        accepted\n        ordered\n        acceptanceRate\n        acceptanceInterval { low high }\n        orderRate\n        orderInterval { low high }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleExperiments {\n    ruleSetExperiments {\n      id\n      name\n      status\n      split\n      share\n      candidateVersion\n      startedAt\n      endedAt\n      arms {\n        arm\n        ruleSetVersions\n        shown\n        accepted\n        ordered\n        acceptanceRate\n        acceptanceInterval { low high }\n        orderRate\n        orderInterval { low high }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsolePromoteExperiment($id: ID!) {\n    promoteRuleSetExperiment(id: $id) { id status endedAt }\n  }\n"): (typeof documents)["\n  mutation ConsolePromoteExperiment($id: ID!) {\n    promoteRuleSetExperiment(id: $id) { id status endedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleStopExperiment($id: ID!) {\n    stopRuleSetExperiment(id: $id) { id status endedAt }\n  }\n"): (typeof documents)["\n  mutation ConsoleStopExperiment($id: ID!) {\n    stopRuleSetExperiment(id: $id) { id status endedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleDeclarationsFiled {\n    declarationsFiled { id status declaration { id } }\n  }\n"): (typeof documents)["\n  subscription ConsoleDeclarationsFiled {\n    declarationsFiled { id status declaration { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HallWarning on WarningOrder {\n    id\n    type\n    level\n    status\n    dueDate\n    issuedAt\n    deliveredCounter\n    flags\n    typeCheck { believed reason }\n    parsed { reasons actions }\n    customer { id name }\n  }\n"): (typeof documents)["\n  fragment HallWarning on WarningOrder {\n    id\n    type\n    level\n    status\n    dueDate\n    issuedAt\n    deliveredCounter\n    flags\n    typeCheck { believed reason }\n    parsed { reasons actions }\n    customer { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HallFeed($hall: ID!) {\n    halls { code name counters }\n    hallWarningOrders(hall: $hall) { ...HallWarning }\n  }\n"): (typeof documents)["\n  query HallFeed($hall: ID!) {\n    halls { code name counters }\n    hallWarningOrders(hall: $hall) { ...HallWarning }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HallWarnings($hall: ID!) {\n    hallWarningOrders(hall: $hall) { id at warningOrder { ...HallWarning } }\n  }\n"): (typeof documents)["\n  subscription HallWarnings($hall: ID!) {\n    hallWarningOrders(hall: $hall) { id at warningOrder { ...HallWarning } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HallCounterNow($counter: ID!) {\n    counterSession(counter: $counter) { counter staffId openedAt closedAt identifiedAt currentCustomer { id name } }\n  }\n"): (typeof documents)["\n  query HallCounterNow($counter: ID!) {\n    counterSession(counter: $counter) { counter staffId openedAt closedAt identifiedAt currentCustomer { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HallCounterActivity($counter: ID!) {\n    counterEvents(counter: $counter) { id kind at source customer { id name } }\n  }\n"): (typeof documents)["\n  subscription HallCounterActivity($counter: ID!) {\n    counterEvents(counter: $counter) { id kind at source customer { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HandlingView on HandlingSession {\n    id\n    status\n    version\n    requiresApproval\n    failureReason\n    card { cardId packageCode summary }\n    cart {\n      packageName\n      package { code name monthlyFee }\n      promotion { promotionCode promotionName batchCode tierCode tierName gifts { code name value } }\n      addOns { package { code } name monthlyFee }\n    }\n    prices { monthlyFee monthlyFeeChange monthlyDiscount oneTime deposit prepayment dueToday contractMonths }\n    form { hash html }\n    signature { format valid }\n    declaration { id status decisionReason decidedBy }\n    order { id orderNumber status crmOrderId failureReason totalFee }\n    remoteConfirmation { link expiresAt confirmedAt attemptsLeft }\n  }\n"): (typeof documents)["\n  fragment HandlingView on HandlingSession {\n    id\n    status\n    version\n    requiresApproval\n    failureReason\n    card { cardId packageCode summary }\n    cart {\n      packageName\n      package { code name monthlyFee }\n      promotion { promotionCode promotionName batchCode tierCode tierName gifts { code name value } }\n      addOns { package { code } name monthlyFee }\n    }\n    prices { monthlyFee monthlyFeeChange monthlyDiscount oneTime deposit prepayment dueToday contractMonths }\n    form { hash html }\n    signature { format valid }\n    declaration { id status decisionReason decidedBy }\n    order { id orderNumber status crmOrderId failureReason totalFee }\n    remoteConfirmation { link expiresAt confirmedAt attemptsLeft }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkbenchHandlingSession($id: ID!) {\n    handlingSession(id: $id) { ...HandlingView }\n  }\n"): (typeof documents)["\n  query WorkbenchHandlingSession($id: ID!) {\n    handlingSession(id: $id) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchStartHandling($input: StartHandlingInput!) {\n    startHandling(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchStartHandling($input: StartHandlingInput!) {\n    startHandling(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchPriceCart($input: SessionStepInput!) {\n    priceCart(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchPriceCart($input: SessionStepInput!) {\n    priceCart(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchGenerateForm($input: SessionStepInput!) {\n    generateForm(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchGenerateForm($input: SessionStepInput!) {\n    generateForm(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchSignForm($input: SignFormInput!) {\n    signForm(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchSignForm($input: SignFormInput!) {\n    signForm(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchSubmitHandling($input: SubmitHandlingInput!) {\n    submitHandling(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchSubmitHandling($input: SubmitHandlingInput!) {\n    submitHandling(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchCancelHandling($input: SessionStepInput!) {\n    cancelHandling(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchCancelHandling($input: SessionStepInput!) {\n    cancelHandling(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchDeclare($input: DeclareInput!) {\n    declareTargetUser(input: $input) { id status autoApprovedBy decisionReason }\n  }\n"): (typeof documents)["\n  mutation WorkbenchDeclare($input: DeclareInput!) {\n    declareTargetUser(input: $input) { id status autoApprovedBy decisionReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WorkbenchHandlingUpdates {\n    handlingUpdates { id status session { id } }\n  }\n"): (typeof documents)["\n  subscription WorkbenchHandlingUpdates {\n    handlingUpdates { id status session { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WorkbenchDeclarationDecisions {\n    declarationDecisions { id status declaration { id sessionId status decisionReason decidedBy } }\n  }\n"): (typeof documents)["\n  subscription WorkbenchDeclarationDecisions {\n    declarationDecisions { id status declaration { id sessionId status decisionReason decidedBy } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkbenchCartOptions($promotion: ID!, $withPromotion: Boolean!) {\n    promotion(code: $promotion) @include(if: $withPromotion) {\n      code\n      batches { code tiers { code name giftChoices minMonthlyFee monthlyDiscount gifts { code name value stock } } }\n    }\n    packages(filter: { family: DATA_ADDON }, first: 8) { nodes { code name monthlyFee } }\n  }\n"): (typeof documents)["\n  query WorkbenchCartOptions($promotion: ID!, $withPromotion: Boolean!) {\n    promotion(code: $promotion) @include(if: $withPromotion) {\n      code\n      batches { code tiers { code name giftChoices minMonthlyFee monthlyDiscount gifts { code name value stock } } }\n    }\n    packages(filter: { family: DATA_ADDON }, first: 8) { nodes { code name monthlyFee } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchChooseTier($input: ChoosePromotionTierInput!) {\n    choosePromotionTier(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchChooseTier($input: ChoosePromotionTierInput!) {\n    choosePromotionTier(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchChooseGifts($input: ChooseGiftsInput!) {\n    chooseGifts(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchChooseGifts($input: ChooseGiftsInput!) {\n    chooseGifts(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchAddAddOn($input: CartAddOnInput!) {\n    addCartAddOn(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchAddAddOn($input: CartAddOnInput!) {\n    addCartAddOn(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchRemoveAddOn($input: CartAddOnInput!) {\n    removeCartAddOn(input: $input) { ...HandlingView }\n  }\n"): (typeof documents)["\n  mutation WorkbenchRemoveAddOn($input: CartAddOnInput!) {\n    removeCartAddOn(input: $input) { ...HandlingView }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkbenchHalls {\n    halls { code name counters }\n  }\n"): (typeof documents)["\n  query WorkbenchHalls {\n    halls { code name counters }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchOpenCounter($counter: ID!) {\n    openCounterSession(counter: $counter) { counter hall staffId openedAt currentCustomer { ...CustomerPicture } }\n  }\n"): (typeof documents)["\n  mutation WorkbenchOpenCounter($counter: ID!) {\n    openCounterSession(counter: $counter) { counter hall staffId openedAt currentCustomer { ...CustomerPicture } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchIdentify($counter: ID!, $msisdn: String!) {\n    identifyCustomer(counter: $counter, msisdn: $msisdn) { eventId counter customer { ...CustomerPicture } }\n  }\n"): (typeof documents)["\n  mutation WorkbenchIdentify($counter: ID!, $msisdn: String!) {\n    identifyCustomer(counter: $counter, msisdn: $msisdn) { eventId counter customer { ...CustomerPicture } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WorkbenchCounterEvents($counter: ID!) {\n    counterEvents(counter: $counter) { id kind counter at source customer { ...CustomerPicture } }\n  }\n"): (typeof documents)["\n  subscription WorkbenchCounterEvents($counter: ID!) {\n    counterEvents(counter: $counter) { id kind counter at source customer { ...CustomerPicture } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchAcknowledge($id: ID!) {\n    acknowledgeWarningOrder(id: $id) { id status acknowledgedAt }\n  }\n"): (typeof documents)["\n  mutation WorkbenchAcknowledge($id: ID!) {\n    acknowledgeWarningOrder(id: $id) { id status acknowledgedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkbenchHandleWarning($id: ID!, $outcome: WarningOutcome!, $note: String) {\n    handleWarningOrder(id: $id, outcome: $outcome, note: $note) { id status outcome handledAt }\n  }\n"): (typeof documents)["\n  mutation WorkbenchHandleWarning($id: ID!, $outcome: WarningOutcome!, $note: String) {\n    handleWarningOrder(id: $id, outcome: $outcome, note: $note) { id status outcome handledAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerPicture on Customer {\n    id\n    name\n    msisdn\n    segment\n    tenureMonths\n    arpu\n    tags\n    city { code name }\n    usage { month dataMb voiceMinutes overageFee }\n    currentPackage { code name monthlyFee dataGb }\n    holdings { id kind name endDate daysLeft expiryLabel monthlyFee }\n    warningOrders {\n      id\n      type\n      level\n      status\n      content\n      dueDate\n      flags\n      typeCheck { believed reason }\n      parsed { status reasons figures { name value unit } actions dueDate }\n    }\n    # Ranking takes longest: over HTTP the picture comes first and the cards after (@defer).\n    ... @defer(label: \"cards\") {\n      recommendations(limit: 3) {\n        id\n        rank\n        fitScore\n        monthlyFeeChange\n        requiresApproval\n        package { code name monthlyFee dataGb voiceMinutes }\n        promotion { promotionName tier { name } }\n        reasons { text }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment CustomerPicture on Customer {\n    id\n    name\n    msisdn\n    segment\n    tenureMonths\n    arpu\n    tags\n    city { code name }\n    usage { month dataMb voiceMinutes overageFee }\n    currentPackage { code name monthlyFee dataGb }\n    holdings { id kind name endDate daysLeft expiryLabel monthlyFee }\n    warningOrders {\n      id\n      type\n      level\n      status\n      content\n      dueDate\n      flags\n      typeCheck { believed reason }\n      parsed { status reasons figures { name value unit } actions dueDate }\n    }\n    # Ranking takes longest: over HTTP the picture comes first and the cards after (@defer).\n    ... @defer(label: \"cards\") {\n      recommendations(limit: 3) {\n        id\n        rank\n        fitScore\n        monthlyFeeChange\n        requiresApproval\n        package { code name monthlyFee dataGb voiceMinutes }\n        promotion { promotionName tier { name } }\n        reasons { text }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;