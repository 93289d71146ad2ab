import { parseWarningContent } from './subgraphs/alerts/domain/parse-content.js';
import { LABELLED } from './test/corpus/labelled/index.js';
const texts = LABELLED.map(l => l.text);
for (let r = 0; r < 40; r++) for (const t of texts) parseWarningContent(t, new Date('2026-11-24T09:00:00+08:00'));
