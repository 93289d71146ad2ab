import { type Identity, can } from '../../../lib/auth/identity.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import { randomUUID } from 'node:crypto';
import type { HandlingFlow } from './kit.js';
import type { TargetListInput } from '../__generated__/resolvers-types.js';

/** One uploaded target-list number and what became of it. */
export interface TargetRow {
  index: number;
  /** Normalised; null when malformed. */
  msisdn: string | null;
  status: 'ACCEPTED' | 'MALFORMED' | 'UNKNOWN' | 'DUPLICATE';
  reason: string | null;
  customerId: string | null;
}

export interface TargetListResult {
  id: string;
  name: string;
  size: number;
  packageCodes: string[];
  validTo: string | null;
  rows: TargetRow[];
}

/** Pre-approved target lists uploaded by marketing. */
export function targetListSteps(flow: HandlingFlow) {
  const { db, store, clock } = flow;
  return {
    async uploadTargetList(identity: Identity, input: TargetListInput, resolve: (numbers: string[]) => Promise<TargetRow[]>): Promise<TargetListResult> {
      if (!can(identity, 'catalog:manage')) throw forbidden('只有市场部可以上传预批准名单 / only marketing may upload target lists');
      const name = input.name.trim();
      if (!name || name.length > 100) throw badUserInput('名单名称须为1到100字 / the list needs a name', { field: 'input.name' });
      if (input.msisdns.length === 0 || input.msisdns.length > 50_000)
        throw badUserInput('名单须有1到50000个号码 / 1..50000 numbers', { field: 'input.msisdns' });
      const rows = await resolve(input.msisdns);
      const customers = rows.filter((r) => r.status === 'ACCEPTED').map((r) => r.customerId!);
      if (customers.length === 0) {
        throw badUserInput('没有一个号码可列入名单 / no number could be listed', {
          field: 'input.msisdns',
          rows: rows.slice(0, 100).map(({ customerId: _c, msisdn: _m, ...r }) => r),
        });
      }
      const id = `TL${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await db.transaction(async (tx) => {
        await store.insertTargetList(
          tx,
          { id, city: identity.city, name, packageCodes: input.packageCodes ?? [], validTo: input.validTo ?? null, by: identity.staffId, at: clock.now() },
          customers,
        );
        const count = (status: TargetRow['status']) => rows.filter((r) => r.status === status).length;
        await store.audit(
          tx,
          `target-list:${id}`,
          identity.staffId,
          'UPLOADED',
          `${customers.length} 个客户；格式错误 ${count('MALFORMED')}，非本地市 ${count('UNKNOWN')}，重复 ${count('DUPLICATE')}`,
          clock.now(),
        );
      });
      return { id, name, size: customers.length, packageCodes: input.packageCodes ?? [], validTo: input.validTo ?? null, rows };
    },
  };
}
