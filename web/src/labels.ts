/** Chinese names of the graph's warning-order enums, as every screen shows them. */
export const WARNING_TYPE_ZH: Record<string, string> = {
  CHURN: '离网',
  COMPLAINT: '投诉',
  DOWNGRADE: '降档',
  ARREARS: '欠费',
  CONTRACT_EXPIRY: '合约到期',
  PORT_OUT: '携号转网',
  NETWORK_QUALITY: '网络质量',
  UNKNOWN: '其他',
};
export const WARNING_LEVEL_ZH: Record<string, string> = { HIGH: '高', MEDIUM: '中', LOW: '低' };
