import { ErrorCode, appError } from '../../../lib/errors.js';
import type { Identity } from '../../../lib/auth/identity.js';
import type { SessionRow } from '../store.js';
import { canDo } from '../domain/states.js';
import { checkSignature } from '../domain/signature.js';
import { formContent, formHash, formHtml } from '../domain/form.js';
import { hashOf, illegal, type HandlingFlow } from './kit.js';
import type { SessionStepInput, SignFormInput } from '../__generated__/resolvers-types.js';

/** The paperless form and the customer's signature on exactly that form. */
export function formSteps(flow: HandlingFlow) {
  const { store, clock, save, step, inScope, offer } = flow;
  return {
    async generateForm(identity: Identity, input: SessionStepInput): Promise<SessionRow> {
      const current = await inScope(identity, input.sessionId);
      if (!canDo('generateForm', current.status)) throw illegal('generateForm', current);
      const ctx = await offer(identity, current.customer_id, current.cart);
      return step(identity, input, 'generateForm', 'generateForm', async (tx, s) => {
        const content = formContent(s.id, s.cart, ctx, s.prices!, { hall: s.hall_code, staffId: s.staff_id }, clock.now());
        const hash = formHash(content);
        return save(tx, s, { status: 'FORM_GENERATED', form: content, form_hash: hash, form_html: formHtml(content, hash) });
      });
    },

    async sign(identity: Identity, input: SignFormInput): Promise<SessionRow> {
      const checked = checkSignature(input.format, input.data);
      if (!checked.ok) throw appError(ErrorCode[checked.code], checked.message, { field: 'input.data' });
      return step(
        identity,
        input,
        'sign',
        'sign',
        async (tx, s) => {
          if (s.form_hash !== input.formHash)
            throw appError(ErrorCode.FORM_CHANGED, '签名所见的免填单已不是当前版本 / the form signed is not the current form', { field: 'input.formHash' });
          await store.audit(tx, `session:${s.id}`, identity.staffId, 'SIGNED', `免填单 ${s.form_hash}`, clock.now());
          return save(tx, s, {
            status: 'SIGNED',
            signature: {
              format: input.format,
              bytes: checked.bytes,
              data: input.data,
              formHash: s.form_hash!,
              signedAt: clock.now().toISOString(),
              valid: true,
            },
          });
        },
        // The signature is large: a retry is recognised by its hash.
        { ...input, data: hashOf(input.data) },
      );
    },
  };
}
