export const WARNING_TYPES = ['CHURN', 'COMPLAINT', 'DOWNGRADE', 'ARREARS', 'CONTRACT_EXPIRY', 'PORT_OUT', 'NETWORK_QUALITY'] as const;
export type KnownWarningType = (typeof WARNING_TYPES)[number];
export type WarningType = KnownWarningType | 'UNKNOWN';
export type WarningLevel = 'HIGH' | 'MEDIUM' | 'LOW';
export type WarningStatus = 'NEW' | 'DELIVERED' | 'ACKNOWLEDGED' | 'HANDLED' | 'EXPIRED';
export type WarningOutcome = 'RETAINED' | 'UPGRADED' | 'RESOLVED' | 'LOST' | 'UNREACHABLE' | 'OTHER';
export const OPEN_STATUSES: readonly WarningStatus[] = ['NEW', 'DELIVERED', 'ACKNOWLEDGED'];

/** Chinese names the grid system and its texts use for each type. */
export const TYPE_WORDS: Record<KnownWarningType, readonly string[]> = {
  CHURN: ['离网', '流失', '销户', '沉默'],
  COMPLAINT: ['投诉', '申诉', '不满'],
  DOWNGRADE: ['降档', '降套餐', '降低套餐', '改小套餐'],
  ARREARS: ['欠费', '停机', '缴费', '拖欠'],
  CONTRACT_EXPIRY: ['合约到期', '合约将于', '协议到期', '续约', '到期'],
  PORT_OUT: ['携号转网', '携转', '转网', '携出'],
  NETWORK_QUALITY: ['网络质量', '信号', '掉话', '基站', '网速', '弱覆盖'],
};

/** The Chinese name a clerk reads for each type. */
export const TYPE_NAMES: Record<KnownWarningType, string> = {
  CHURN: '离网',
  COMPLAINT: '投诉',
  DOWNGRADE: '降档',
  ARREARS: '欠费',
  CONTRACT_EXPIRY: '合约到期',
  PORT_OUT: '携号转网',
  NETWORK_QUALITY: '网络质量',
};
