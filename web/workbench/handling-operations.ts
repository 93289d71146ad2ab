import { graphql } from '../src/__generated__';

/**
 * Everything a handling screen shows of a session: each step answers with it.
 * @public
 */
export const HandlingViewFragment = graphql(`
  fragment HandlingView on HandlingSession {
    id
    status
    version
    requiresApproval
    failureReason
    card { cardId packageCode summary }
    cart {
      packageName
      package { code name monthlyFee }
      promotion { promotionCode promotionName batchCode tierCode tierName gifts { code name value } }
      addOns { package { code } name monthlyFee }
    }
    prices { monthlyFee monthlyFeeChange monthlyDiscount oneTime deposit prepayment dueToday contractMonths }
    form { hash html }
    signature { format valid }
    declaration { id status decisionReason decidedBy }
    order { id orderNumber status crmOrderId failureReason totalFee }
    remoteConfirmation { link expiresAt confirmedAt attemptsLeft }
  }
`);

export const HandlingSessionQuery = graphql(`
  query WorkbenchHandlingSession($id: ID!) {
    handlingSession(id: $id) { ...HandlingView }
  }
`);

export const StartHandlingMutation = graphql(`
  mutation WorkbenchStartHandling($input: StartHandlingInput!) {
    startHandling(input: $input) { ...HandlingView }
  }
`);

export const PriceCartMutation = graphql(`
  mutation WorkbenchPriceCart($input: SessionStepInput!) {
    priceCart(input: $input) { ...HandlingView }
  }
`);

export const GenerateFormMutation = graphql(`
  mutation WorkbenchGenerateForm($input: SessionStepInput!) {
    generateForm(input: $input) { ...HandlingView }
  }
`);

export const SignFormMutation = graphql(`
  mutation WorkbenchSignForm($input: SignFormInput!) {
    signForm(input: $input) { ...HandlingView }
  }
`);

export const SubmitHandlingMutation = graphql(`
  mutation WorkbenchSubmitHandling($input: SubmitHandlingInput!) {
    submitHandling(input: $input) { ...HandlingView }
  }
`);

export const CancelHandlingMutation = graphql(`
  mutation WorkbenchCancelHandling($input: SessionStepInput!) {
    cancelHandling(input: $input) { ...HandlingView }
  }
`);

export const DeclareMutation = graphql(`
  mutation WorkbenchDeclare($input: DeclareInput!) {
    declareTargetUser(input: $input) { id status autoApprovedBy decisionReason }
  }
`);

export const HandlingUpdatesSubscription = graphql(`
  subscription WorkbenchHandlingUpdates {
    handlingUpdates { id status session { id } }
  }
`);

export const DeclarationDecisionsSubscription = graphql(`
  subscription WorkbenchDeclarationDecisions {
    declarationDecisions { id status declaration { id sessionId status decisionReason decidedBy } }
  }
`);

export const CartOptionsQuery = graphql(`
  query WorkbenchCartOptions($promotion: ID!, $withPromotion: Boolean!) {
    promotion(code: $promotion) @include(if: $withPromotion) {
      code
      batches { code tiers { code name giftChoices minMonthlyFee monthlyDiscount gifts { code name value stock } } }
    }
    packages(filter: { family: DATA_ADDON }, first: 8) { nodes { code name monthlyFee } }
  }
`);

export const ChooseTierMutation = graphql(`
  mutation WorkbenchChooseTier($input: ChoosePromotionTierInput!) {
    choosePromotionTier(input: $input) { ...HandlingView }
  }
`);

export const ChooseGiftsMutation = graphql(`
  mutation WorkbenchChooseGifts($input: ChooseGiftsInput!) {
    chooseGifts(input: $input) { ...HandlingView }
  }
`);

export const AddAddOnMutation = graphql(`
  mutation WorkbenchAddAddOn($input: CartAddOnInput!) {
    addCartAddOn(input: $input) { ...HandlingView }
  }
`);

export const RemoveAddOnMutation = graphql(`
  mutation WorkbenchRemoveAddOn($input: CartAddOnInput!) {
    removeCartAddOn(input: $input) { ...HandlingView }
  }
`);
