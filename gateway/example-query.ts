/** The query GraphiQL opens with: one customer's insight plus a field from each other subgraph. */
export function exampleQuery(msisdn: string): string {
  return `# 灵犀助手 · 客户洞察 Customer insight across all four subgraphs
query CustomerInsight {
  customer(msisdn: "${msisdn}") {
    name
    msisdn
    segment
    tenureMonths
    arpu
    tags
    city { name }
    hall { name }
    usage { month dataMb voiceMinutes overageFee }
    currentPackage { code name monthlyFee dataGb voiceMinutes }
    holdings {
      kind
      name
      endDate
      daysLeft
      expiryLabel
    }
    activeWarningCount
    warningOrders { type level content dueDate }
    orders(first: 3) { orderNumber status createdAt package { name } }
  }
}
`;
}
