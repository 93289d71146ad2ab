import { ACTION_LEADS, CONDITION_LEADS, CUSTOMER_ASKS, STAFF_SUBJECTS, TYPE_EVIDENCE } from './lexicon.js';
import { opensWithActionVerb, splitActions } from './segment.js';

/**
 * A warning order's text cut into clauses, each placed as a reason, an action, a deadline or a
 * field of the order's own (工单号：…, 级别：高). Advice runs from a 建议：/处理建议：/措施：
 * heading to the end of its sentence; elsewhere a clause is an action when it opens like one
 * (建议…, 请…, 到厅时…, or a verb of doing such as 推荐, 赠送, 回访).
 */
export interface Placed {
  reasons: string[];
  actions: string[];
  /** Where in the text the advice starts (type words after it count less). */
  adviceFrom: number;
  /** Characters placed in some field, against all characters of the clauses. */
  placed: number;
  total: number;
  unplaced: string[];
}

const ADVICE_HEAD =
  /(?:处理建议|建议措施|建议动作|维系建议|营销建议|维系策略|挽留方案|挽留建议|建议方案|推荐动作|推荐处理|处理措施|处理意见|处理方式|处理要求|工作要求|营销方案|下一步|建议|措施|动作|(?<!客户|用户)要求|推荐)\s*[：:=]\s*/;
const REASON_HEAD =
  /^(?:预警原因|原因|情况说明|情况|问题描述|问题|说明|备注|客户诉求|诉求描述|风险描述|预警内容|投诉内容|内容|描述|背景|现象|详情|主要因子|主要因素|(?:网格员|网格经理|网格|营业员)?(?:反馈|反映|走访发现))[：:]\s*/;
const FIELD_HEAD =
  /^(?:工单(?:编号|号)|编号|单号|流水号|数据来源|客户(?:号码|手机号?|电话|姓名|名称)|手机号?码?|号码|用户号码|联系电话|地市|区县|网格|所属网格|营业厅|归属厅|归属营业厅|派单(?:时间|人)?|来源|来源系统|发起人|下发时间|生成时间|预警类型|工单类型|类型|级别|等级|预警级别|风险等级|紧急程度|优先级|处理时限|截止(?:日期|时间)?|时限|期限|要求完成时间|完成时限|办结时限)[：:]/;
const TYPE_HEADING = /^(?:[^：:，。]{0,12}?(?:预警|工单|提醒|通知)|[高中低]风险[\u4e00-\u9fff]{1,4}|[\u4e00-\u9fff]{2,4}风险)[：:]\s*/;
const FILLER = /^(?:请关注|请知悉|请查收|请跟进|请处理|谢谢|辛苦了?|麻烦了|收到请回复|以上|如下|特此通知|请尽快处理|望及时处理|请重视|急)$/;
const DATEISH =
  /(?:20\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?|[〇零一二两三四五六七八九十]{1,3}月[〇零一二两三四五六七八九十]{1,3}[日号]|(?:本|下|这)?(?:周|星期|礼拜)[一二三四五六日天末内]|(?:本|这个?|当|下个?)?月(?:底|末|中)|(?:本|今)?年(?:底|末)|明天|后天|今天|今日|当天|[\d一二两三四五六七八九十]+\s*个?(?:工作日|天|日|周|星期)(?:内|之内|以内)|(?<![\d月])\d{1,2}\s*[日号](?=\s*(?:之前|以前|前))/;
const DUE_WORDS =
  /请于|须于|需于|务必于|务必在|请在|需在|须在|截止(?:日期|时间)?|时限|期限|最迟|最晚|之前|以前|为止|前|内|处理完毕|完成|处理|办结|回复|反馈|维系|续约|闭环|务必|必须|一定|请|须|需|并|搞定|办好|办妥|落实|解决|给结果|有结果|给我|上午|下午|晚上|下班|一早|第一时间|[：:=\s]/g;
const DUE_PREFIX = new RegExp(
  String.raw`^(?:并|请|须|需|务必)?(?:于|在)?\s*(?:${DATEISH.source})\s*(?:上午|下午|晚上|中午|早上|一早|下班|上班|第一时间)?\s*(?:之前|以前|前|内)?\s*(?:必须|务必|一定|要)?\s*`,
);
const DOMAIN_WORD =
  /客户|用户|套餐|流量|话费|宽带|合约|信号|网络|账单|费用|通话|资费|号码|业务|权益|消费|ARPU|10086|营业厅|携|欠|投诉|诉求|风险|离网|停机|降档|到期|基站|覆盖|\d/i;
const PURE_LEAD = /^(?:建议|烦请|麻烦|请|务必|需要|需|必须)\s*/;

const DATEISH_ALL = new RegExp(DATEISH.source, 'g');

function isDeadlineOnly(clause: string): boolean {
  if (!DATEISH.test(clause)) return false;
  const rest = clause.replace(DATEISH_ALL, '').replace(DUE_WORDS, '');
  return !/[\u4e00-\u9fff]{2}/.test(rest);
}

export function placeClauses(text: string): Placed {
  const out: Placed = { reasons: [], actions: [], adviceFrom: text.length, placed: 0, total: 0, unplaced: [] };
  const body = text
    .replace(/^(?:\s*[【[][^】\]]{0,24}[】\]])+\s*/, (tag) => {
      out.placed += tag.length;
      out.total += tag.length;
      return ' '.repeat(tag.length);
    })
    // Pipes, tabs and a space between two Chinese words separate fields as a semicolon does.
    .replace(/[|｜\t]|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])/g, '；');
  for (const sentence of body.matchAll(/[^。！!？?\n]+/g)) {
    let advice = false;
    let lastWasAction = false;
    let reason: string[] = [];
    const flushReason = () => {
      if (reason.length) out.reasons.push(reason.join('，'));
      reason = [];
    };
    for (const piece of sentence[0].matchAll(/[^，,；;]+/g)) {
      let clause = piece[0]
        .trim()
        .replace(/^@\S+\s*/, '')
        .replace(/^(?:[(（]?\d{1,2}[.、)）]|[①-⑳])(?=[\u4e00-\u9fff])/, '');
      let at = sentence.index! + piece.index! + piece[0].indexOf(clause);
      if (!clause) continue;
      out.total += clause.length;
      const head = ADVICE_HEAD.exec(clause);
      if (head) {
        // What comes before the heading in the same clause is situation (…风险。建议：…).
        const before = clause.slice(0, head.index).trim();
        if (before) reason.push(before);
        out.placed += head[0].length;
        advice = true;
        out.adviceFrom = Math.min(out.adviceFrom, at + head.index);
        at += head.index + head[0].length;
        clause = clause.slice(head.index + head[0].length).trim();
        if (!clause) continue;
      }
      if (REASON_HEAD.test(clause)) {
        advice = false;
        const h = REASON_HEAD.exec(clause)![0];
        out.placed += h.length;
        clause = clause.slice(h.length);
      } else if (FIELD_HEAD.test(clause)) {
        advice = false;
        out.placed += clause.length;
        continue;
      }
      const heading = TYPE_HEADING.exec(clause);
      if (heading) {
        out.placed += heading[0].length;
        clause = clause.slice(heading[0].length).trim();
        if (!clause) continue;
      }
      if (FILLER.test(clause.replace(/[!！~～。.]+$/, ''))) {
        out.placed += clause.length;
        continue;
      }
      if (isDeadlineOnly(clause)) {
        out.placed += clause.length;
        continue;
      }
      const bare = clause.replace(DUE_PREFIX, '');
      if (advice || isAction(bare) || (lastWasAction && CONDITION_LEADS.test(bare))) {
        if (!advice) out.adviceFrom = Math.min(out.adviceFrom, at);
        // Advice runs on to the end of its sentence: 请核实变更记录，多收费用予以退还。
        advice = true;
        lastWasAction = true;
        flushReason();
        const actions = splitActions(bare.replace(PURE_LEAD, ''))
          .map((a) => a.replace(/^[、\s]+|[、\s]+$/g, ''))
          .filter((a) => /[\u4e00-\u9fffA-Za-z]{2}/.test(a));
        out.actions.push(...actions);
        out.placed += clause.length;
      } else {
        lastWasAction = false;
        reason.push(clause);
        if (DOMAIN_WORD.test(clause) && /[\u4e00-\u9fff]/.test(clause)) out.placed += clause.length;
        else out.unplaced.push(clause);
      }
    }
    flushReason();
  }
  return out;
}

const STRONG_TYPE_WORDS = Object.values(TYPE_EVIDENCE).flatMap((words) => words.filter(([, w]) => w >= 0.9).map(([word]) => word));

function isAction(clause: string): boolean {
  if (ACTION_LEADS.test(clause)) return true;
  // 申请改小套餐, 要求销户: the customer asks; the order reports it.
  if (CUSTOMER_ASKS.test(clause) && STRONG_TYPE_WORDS.some((w) => clause.includes(w))) return false;
  const subjectless = clause.replace(STAFF_SUBJECTS, '');
  if (subjectless !== clause && (ACTION_LEADS.test(subjectless) || opensWithActionVerb(subjectless))) return true;
  return opensWithActionVerb(clause);
}
