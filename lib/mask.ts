/** PIPL masking for display: keep enough to confirm identity with the customer, no more. */
export function maskMsisdn(msisdn: string): string {
  return msisdn.length === 11 ? `${msisdn.slice(0, 3)}****${msisdn.slice(7)}` : '*'.repeat(msisdn.length);
}

export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(14)}` : '*'.repeat(id.length);
}
