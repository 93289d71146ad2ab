/** The lingxi suite's operations (bench/gateway.ts), also planned by bench/planners.ts. */
export const LINGXI_QUERIES = {
  single: `query Single($m: String!) { customer(msisdn: $m) { id name segment tags arpu tenureMonths city { code name } } }`,
  dashboard: `query Dashboard($m: String!) { customer(msisdn: $m) { id name segment tags
    holdings(labels: [RED, YELLOW]) { name endDate expiryLabel }
    activeWarningCount warningOrders { type level status parsed { reasons actions } }
    recommendations(limit: 3) { rank package { code name monthlyFee } reasons { text ruleId } } } }`,
  deep: `query Deep($m: String!) { customer(msisdn: $m) { id name
    currentPackage { code name family promotions { code name } }
    holdings { name expiryLabel package { code name } }
    warningOrders { type level }
    orders(first: 3) { orderNumber status package { code name family } }
    recommendations(limit: 3) { package { code name } } } }`,
} as const;
