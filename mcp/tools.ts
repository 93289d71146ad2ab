import { print } from 'graphql';
import { z } from 'zod';
import {
  AcknowledgeDocument,
  CustomerInsightDocument,
  ExplainDocument,
  RecommendDocument,
  RulesDocument,
  WarningOrderDocument,
  WarningOrdersDocument,
} from './__generated__/operations.js';

/** Sends one GraphQL operation to the gateway as the caller; the MCP server never touches a database. */
export type GraphQLRunner = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;

export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  inputSchema: z.ZodRawShape;
  /** The tool's operation, from mcp/operations.graphql (typed and checked against the supergraph by codegen). */
  query: string;
  /** Variables for the operation from the tool's arguments. */
  variables?: (args: Record<string, unknown>) => Record<string, unknown>;
}

const msisdn = z.string().min(5).max(20).describe('客户手机号（11位，可带空格、横线或+86）/ the customer mobile number');

/**
 * The assistant's tools. Each is one GraphQL operation through the gateway with the caller's staff
 * token, so the graph's own rules apply: city scope, masking by role, audit of who looked at whom.
 */
export const TOOLS: ToolSpec[] = [
  {
    name: 'customer_insight',
    title: '客户洞察 / Customer insight',
    description:
      "按手机号查询本地市客户的画像：姓名、分群、标签、近三月用量、当前套餐、即将到期（红/黄）的业务和未处理预警数。Looks up a customer of the caller's city by mobile number: profile, segment, tags, 3 months of usage, current plan, RED/YELLOW expiring holdings and open warning count.",
    inputSchema: { msisdn },
    query: print(CustomerInsightDocument),
  },
  {
    name: 'list_warning_orders',
    title: '脉动预警工单 / Warning orders',
    description:
      "列出预警工单：给出手机号则为该客户的未处理工单，否则为本人营业厅的工单队列。每张含原文（content）、解析结果（原因、数值、建议、截止日期）、置信度（parsed.confidence，0–1）与未能识别之处（parsed.notes），以及下发类型与原文类型的核对（typeCheck）；解析不全时请据原文补全。Lists warning orders: a customer's open ones when a number is given, otherwise the caller's hall queue. Each has the raw text (content), the parse (reasons, figures, actions, due date), its confidence (0–1) and what it could not read (notes), and the type sent checked against the text (typeCheck); where the parse is incomplete, fill it in from the raw text.",
    inputSchema: {
      msisdn: msisdn.optional(),
      statuses: z
        .array(z.enum(['NEW', 'DELIVERED', 'ACKNOWLEDGED', 'HANDLED', 'EXPIRED']))
        .optional()
        .describe('状态筛选，默认未处理 / statuses, open ones by default'),
    },
    query: print(WarningOrdersDocument),
    variables: (a) => ({
      msisdn: (a.msisdn as string | undefined) ?? '',
      byCustomer: typeof a.msisdn === 'string',
      statuses: a.statuses ?? ['NEW', 'DELIVERED', 'ACKNOWLEDGED'],
    }),
  },
  {
    name: 'read_warning_order',
    title: '预警工单详情 / Read one warning order',
    description:
      '按编号读取一张预警工单：原文、解析结构、置信度、未能识别之处与类型核对，供助手据原文补全解析。One warning order by id: the raw text, the parsed structure, its confidence, what could not be read and the type check, for the assistant to fill in what the parser could not.',
    inputSchema: { id: z.string().min(1).max(64).describe('工单编号 / warning order id') },
    query: print(WarningOrderDocument),
  },
  {
    name: 'acknowledge_warning_order',
    title: '确认预警工单 / Acknowledge a warning order',
    description: '营业员确认已阅一张预警工单（工单编号来自 list_warning_orders）。The clerk acknowledges a warning order (id from list_warning_orders).',
    inputSchema: { id: z.string().min(1).max(64).describe('工单编号 / warning order id') },
    query: print(AcknowledgeDocument),
  },
  {
    name: 'recommend_packages',
    title: '套餐推荐 / Recommend packages',
    description:
      '按当前营销规则为客户推荐套餐，返回排序的卡片：套餐、建议促销档次与礼品、月费变化、匹配度、引用规则的中文理由、是否需要目标用户申报，以及整体办理输入。Ranked, explained recommendation cards under the marketing rules in force, with handle-it-all input.',
    inputSchema: {
      msisdn,
      scenario: z.enum(['COUNTER', 'RENEWAL', 'RETENTION', 'ADD_ON']).optional().describe('场景 / scenario'),
      limit: z.number().int().min(1).max(10).optional().describe('数量 / how many cards'),
    },
    query: print(RecommendDocument),
    variables: (a) => ({ msisdn: a.msisdn, scenario: a.scenario ?? 'COUNTER', limit: a.limit ?? 3 }),
  },
  {
    name: 'explain_card',
    title: '解释推荐 / Explain a card',
    description:
      '解释一张推荐卡片引用的营销规则（中文 Markdown，可直接用于回答营业员）。Explains the marketing rules behind a recommendation card, as Chinese Markdown.',
    inputSchema: { cardId: z.string().min(10).max(4000).describe('推荐卡片编号（recommend_packages 返回的 id）/ card id from recommend_packages') },
    query: print(ExplainDocument),
  },
  {
    name: 'marketing_rules',
    title: '营销规则 / Marketing rules',
    description: "本地市当前生效的营销推荐规则全文（中文 Markdown）。The marketing rules in force in the caller's city, as Chinese Markdown.",
    inputSchema: {},
    query: print(RulesDocument),
  },
];
