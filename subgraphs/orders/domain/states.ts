/** The handling flow's states and which step may start from which. */
export type HandlingStatus = 'DRAFT' | 'PRICED' | 'FORM_GENERATED' | 'SIGNED' | 'AWAITING_APPROVAL' | 'SUBMITTED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type Step = 'editCart' | 'price' | 'generateForm' | 'sign' | 'submit' | 'cancel' | 'declare' | 'confirm';

const ALLOWED: Record<Step, readonly HandlingStatus[]> = {
  // A change to the cart sends a priced, formed or signed session back to DRAFT (and voids the signature).
  editCart: ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL', 'FAILED'],
  price: ['DRAFT', 'PRICED'],
  generateForm: ['PRICED', 'FORM_GENERATED'],
  // Signing again at the counter is how a customer back at the counter confirms a parked, approved offer.
  sign: ['FORM_GENERATED', 'AWAITING_APPROVAL'],
  submit: ['SIGNED', 'AWAITING_APPROVAL', 'FAILED'],
  cancel: ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL', 'FAILED'],
  declare: ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL'],
  confirm: ['AWAITING_APPROVAL', 'SIGNED'],
};

export function canDo(step: Step, status: HandlingStatus): boolean {
  return ALLOWED[step].includes(status);
}

export const STEP_ZH: Record<Step, string> = {
  editCart: '修改购物车',
  price: '计算费用',
  generateForm: '生成免填单',
  sign: '签字',
  submit: '提交',
  cancel: '取消',
  declare: '申报',
  confirm: '远程确认',
};

/** Sent to the CRM or done: submitting again returns the session as it is. */
export const isSubmitted = (status: HandlingStatus): boolean => status === 'SUBMITTED' || status === 'COMPLETED';

const UNSIGNED: readonly HandlingStatus[] = ['DRAFT', 'PRICED', 'FORM_GENERATED'];
/** Not signed yet: a submission is refused as FORM_NOT_SIGNED, not as an illegal step. */
export const isBeforeSigning = (status: HandlingStatus): boolean => UNSIGNED.includes(status);
