import { placeClauses } from './extract/clauses.js';
import { findDueDate } from './extract/dates.js';
import { findFigures, type Figure } from './extract/figures.js';
import { readLevel, readType } from './extract/kind.js';
import { textViews } from './extract/normalise.js';
import type { KnownWarningType, WarningLevel } from './types.js';

/**
 * Reads a warning order's free Chinese text into structured information: type, level, reasons,
 * figures, suggested actions, due date, and how sure the reading is. What is not understood is said
 * in `notes`; the caller always keeps the raw text.
 */
export interface ParsedWarning {
  /** Which extractor read it: an older reading is read again (see resolvers/WarningOrder.ts). */
  version: number;
  status: 'PARSED' | 'PARTIAL' | 'UNPARSED';
  type: KnownWarningType | null;
  /** 1 when the text states its type; less when inferred from its words; 0 when none. */
  typeConfidence: number;
  typeStated: boolean;
  typeEvidence: string | null;
  level: WarningLevel | null;
  reasons: string[];
  figures: Figure[];
  actions: string[];
  dueDate: string | null;
  /** 0–1: how much of the text was placed in a field, and how surely its type was read. */
  confidence: number;
  /** What could not be read, and typos corrected, in Chinese and English. */
  notes: string[];
}

export const PARSER_VERSION = 2;

export function parseWarningContent(content: string, issuedAt: Date): ParsedWarning {
  const views = textViews(content);
  const placed = placeClauses(views.fixed);
  const type = readType(views.fixed, placed.adviceFrom);
  const level = readLevel(views.fixed);
  const figures = findFigures(views.numeric);
  const due = findDueDate(views.numeric, issuedAt);

  const recognised = type.type !== null || level !== null || figures.length > 0 || placed.actions.length > 0 || due !== null;
  const status = type.type && placed.reasons.length > 0 && placed.actions.length > 0 ? 'PARSED' : recognised ? 'PARTIAL' : 'UNPARSED';
  const coverage = placed.total === 0 ? 0 : placed.placed / placed.total;
  const notes = [
    ...views.corrections.map((c) => `已按读音纠正「${c.from}」为「${c.to}」 / read "${c.from}" as the homophone "${c.to}"`),
    ...(type.type === null
      ? ['未识别预警类型 / no warning type found in the text']
      : type.stated
        ? []
        : [`类型由「${type.evidence}」推断 / type inferred from "${type.evidence}"`]),
    ...(placed.reasons.length === 0 || status === 'UNPARSED' ? ['未识别预警原因 / no reason found'] : []),
    ...(placed.actions.length === 0 ? ['未找到建议动作 / no suggested action found'] : []),
    ...(due === null ? ['未找到截止日期 / no due date found'] : []),
    ...placed.unplaced.map((u) => `未能归类：「${u}」 / not understood: "${u}"`),
  ];
  const confidence = status === 'UNPARSED' ? 0 : Math.round((0.5 * type.confidence + 0.5 * coverage) * 100) / 100;
  return {
    version: PARSER_VERSION,
    status,
    type: type.type,
    typeConfidence: type.confidence,
    typeStated: type.stated,
    typeEvidence: type.evidence,
    level,
    reasons: status === 'UNPARSED' ? [] : placed.reasons,
    figures,
    actions: placed.actions,
    dueDate: due?.date ?? null,
    confidence,
    notes,
  };
}
