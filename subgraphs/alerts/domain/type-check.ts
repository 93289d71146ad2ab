import type { ParsedWarning } from './parse-content.js';
import { TYPE_NAMES, type WarningType } from './types.js';

/**
 * The type the grid system sent against the type the text says. When both are known and differ,
 * both are kept, the order is flagged for the clerk, and the reading says which it believes: the
 * text when it states its type (【脉动预警·离网】, 类型：投诉) or its words leave little doubt,
 * otherwise the sender's field.
 */
export interface TypeCheck {
  sent: WarningType;
  text: ParsedWarning['type'];
  believed: WarningType;
  agrees: boolean;
  reason: string;
}

/** How sure an inferred reading must be to outweigh the sender's field. */
const OVERRULES = 0.6;

export function checkType(sent: WarningType, rawSent: string, parsed: ParsedWarning): TypeCheck {
  const text = parsed.type;
  const name = (t: WarningType) => (t === 'UNKNOWN' ? `「${rawSent}」` : `「${TYPE_NAMES[t]}」`);
  if (text === null) return { sent, text, believed: sent, agrees: true, reason: '原文未写明类型，采用下发类型 / the text names no type; the type sent stands' };
  if (sent === text) return { sent, text, believed: sent, agrees: true, reason: '原文与下发类型一致 / the text agrees with the type sent' };
  if (sent === 'UNKNOWN')
    return {
      sent,
      text,
      believed: text,
      agrees: false,
      reason: `下发类型${name(sent)}无法识别，按原文判为${name(text)} / the type sent is not known; the text says ${text}`,
    };
  const believeText = parsed.typeStated || parsed.typeConfidence >= OVERRULES;
  const evidence = parsed.typeEvidence ? `「${parsed.typeEvidence}」` : '';
  const why = parsed.typeStated ? `原文写明${evidence}` : `原文${evidence}（把握${Math.round(parsed.typeConfidence * 100)}%）`;
  return believeText
    ? {
        sent,
        text,
        believed: text,
        agrees: false,
        reason: `${why}为${name(text)}，与下发类型${name(sent)}不一致，以原文为准 / the text says ${text}, the sender ${sent}; the text is believed`,
      }
    : {
        sent,
        text,
        believed: sent,
        agrees: false,
        reason: `${why}似为${name(text)}，与下发类型${name(sent)}不一致，原文依据不足，仍按下发类型 / the text suggests ${text}, the sender ${sent}; the text is not sure enough to overrule it`,
      };
}
