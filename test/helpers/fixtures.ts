import type { Db } from '../../lib/db/db.js';

/** A hand-made Zhenjiang customer in customer insight, for cases the seed does not pin down. */
export async function insertCustomer(
  db: Db,
  c: { id: string; msisdn: string; name: string; currentPackage: string; arpuCents: number; tags?: string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO customer_insight.customer (id, msisdn, name, gender, birth_date, id_number, city_code, hall_code, segment, joined_on, arpu_cents, current_package_code, tags)
     VALUES ($1, $2, $3, 'F', '1990-01-01', '321101199001011234', 'zhenjiang', 'zhenjiang-h01', 'MID', '2020-05-10', $4, $5, $6)`,
    [c.id, c.msisdn, c.name, c.arpuCents, c.currentPackage, c.tags ?? []],
  );
}
