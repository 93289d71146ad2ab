import {
  ATTRIBUTES,
  AUDIENCE_ZH,
  DEFAULT_EXPLORATION,
  FAMILY_ZH,
  KIND_ZH,
  OPERATOR_ZH,
  SCENARIO_ZH,
  type Condition,
  type Exploration,
  type Family,
  type Rule,
  type RuleSetDocument,
  type Selector,
} from './model.js';

/**
 * Chinese Markdown for an LLM prompt: each rule as a sentence a person (or a model) can apply
 * without knowing the YAML, with its id so answers can cite it.
 */
export function ruleSetMarkdown(doc: RuleSetDocument, meta: { version: number; city: string; effectiveFrom: string | null; status: string }): string {
  const lines = [
    `# 营销推荐规则：${doc.name}`,
    '',
    `- 版本：v${meta.version}（${meta.status}）`,
    `- 地市：${meta.city}`,
    ...(meta.effectiveFrom ? [`- 生效时间：${meta.effectiveFrom}`] : []),
    `- 规则数：${doc.rules.length}`,
    ...(doc.description ? ['', doc.description] : []),
    '',
    '## 通用硬性约束',
    '',
    '- 只推荐本地市在售、处于有效期内的套餐；已下线、过期或非本地市的套餐一律不推荐。',
    '- 主套餐不降档：推荐的主套餐月费不得低于客户当前主套餐，除非下文“降档许可”规则允许。',
    '- 客户已持有的套餐不重复推荐，到期续约映射指定的除外。',
    explorationSentence(doc.exploration ?? DEFAULT_EXPLORATION),
  ];
  for (const kind of Object.keys(KIND_ZH) as Rule['kind'][]) {
    const rules = doc.rules.filter((r) => r.kind === kind);
    if (rules.length === 0) continue;
    lines.push('', `## ${KIND_ZH[kind]}（${rules.length}条）`, '');
    for (const r of rules) lines.push(`- ${ruleSentence(r)}`);
  }
  return `${lines.join('\n')}\n`;
}

function explorationSentence(e: Exploration): string {
  if (e.scenarios.length === 0) return '- 试推：不试推，卡片一律按模型估计的接受率与营销加权排序。';
  return `- 试推：本地市学到${e.after}条推荐结果后，每${e.oneIn}张卡片至多一张为试推（为了解客户接受度而展示，理由中标“试推”），仅限场景：${e.scenarios.map((x) => SCENARIO_ZH[x]).join('、')}。`;
}

export function ruleMarkdown(rule: Rule): string {
  return `**${rule.id}** ${ruleSentence(rule)}\n`;
}

function ruleSentence(r: Rule): string {
  const head = `【${r.id}】${r.title}：`;
  const tail = r.description ? `（说明：${r.description}）` : '';
  switch (r.kind) {
    case 'eligibility':
      return `${head}${selector(r.appliesTo)}仅在客户满足 ${condition(r.when)} 时可以推荐。${tail}`;
    case 'exclusion': {
      const parts = [];
      if (r.when) parts.push(`客户满足 ${condition(r.when)} 时不得推荐`);
      if (r.conflictsWith) parts.push(`与${selector(r.conflictsWith)}互斥：客户已持有或同一推荐列表中已有时不得推荐`);
      return `${head}${selector(r.appliesTo)}${parts.join('；')}。${tail}`;
    }
    case 'category': {
      const parts = [`适用场景：${r.scenarios.map((s) => SCENARIO_ZH[s]).join('、')}`];
      if (r.allow) parts.push(`只允许推荐${families(r.allow)}`);
      if (r.deny) parts.push(`不得推荐${families(r.deny)}`);
      const caps = Object.entries(r.maxPerFamily ?? {}) as [Family, number][];
      if (caps.length) parts.push(`每类最多推荐：${caps.map(([f, n]) => `${FAMILY_ZH[f]}${n}个`).join('、')}`);
      return `${head}${parts.join('；')}。${tail}`;
    }
    case 'boost': {
      const period = r.from || r.to ? `在${r.from ?? '即日'}至${r.to ?? '长期'}期间，` : '';
      const cond = r.when ? `对满足 ${condition(r.when)} 的客户，` : '';
      return `${head}${period}${cond}${selector(r.appliesTo)}推荐权重${r.weight >= 0 ? '提高' : '降低'}${Math.abs(r.weight)}。${tail}`;
    }
    case 'approval':
      return `${head}${selector(r.appliesTo)}${r.when ? `对满足 ${condition(r.when)} 的客户` : ''}须先完成目标用户申报并经地市市场部审批通过，方可办理${r.autoApproveWhen ? `；满足 ${condition(r.autoApproveWhen)} 的客户申报后自动通过` : ''}。${tail}`;
    case 'renewal':
      return `${head}客户持有的${selector(r.from)}即将到期（红色或黄色标签）时，优先推荐：${r.offer.join('、')}（按先后顺序）。${tail}`;
    case 'downgrade':
      return `${head}客户满足 ${condition(r.when)} 时允许推荐月费更低的主套餐${r.maxDecrease ? `，降幅不超过${r.maxDecrease}元/月` : ''}。${tail}`;
  }
}

function selector(s: Selector): string {
  const parts: string[] = [];
  if (s.packages) parts.push(`套餐 ${s.packages.join('、')}`);
  if (s.families) parts.push(families(s.families));
  if (s.audiences) parts.push(s.audiences.map((a) => AUDIENCE_ZH[a]).join('或'));
  if (s.promotions) parts.push(`营销活动 ${s.promotions.join('、')}`);
  if (s.minMonthlyFee !== undefined && s.maxMonthlyFee !== undefined) parts.push(`月费${s.minMonthlyFee}至${s.maxMonthlyFee}元`);
  else if (s.minMonthlyFee !== undefined) parts.push(`月费不低于${s.minMonthlyFee}元`);
  else if (s.maxMonthlyFee !== undefined) parts.push(`月费不高于${s.maxMonthlyFee}元`);
  return parts.length ? `${parts.join('中的')}` : '所有套餐';
}

const families = (fs: readonly Family[]) => fs.map((f) => FAMILY_ZH[f]).join('、');

function condition(c: Condition): string {
  if ('all' in c) return c.all.length === 1 ? condition(c.all[0]) : `（${c.all.map(condition).join(' 且 ')}）`;
  if ('any' in c) return c.any.length === 1 ? condition(c.any[0]) : `（${c.any.map(condition).join(' 或 ')}）`;
  if ('not' in c) return `并非${condition(c.not)}`;
  const spec = ATTRIBUTES[c.attribute];
  const unit = 'unit' in spec ? spec.unit : '';
  const v = c.value;
  const value = Array.isArray(v) ? (c.op === 'between' ? `${v[0]}至${v[1]}${unit}` : `[${v.join('、')}]`) : v === undefined ? '' : `${String(v)}${unit}`;
  return `「${spec.zh}」${OPERATOR_ZH[c.op]}${value ? ` ${value}` : ''}`;
}
