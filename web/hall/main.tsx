import '../src/font.css';
import '../workbench/workbench.css';
import '../console/console.css';
import { createRoot } from 'react-dom/client';
import { StaffPage } from '../src/StaffPage';
import { Hall } from './Hall';

createRoot(document.getElementById('app')!).render(
  <StaffPage
    title="灵犀助手 · 营业厅看板"
    storageKey="lingxi.hallToken"
    hint="（npm run token -- hall_manager zhenjiang）"
    refuse={(claims) => (claims?.hall ? null : '该令牌不属于营业厅员工 / this token has no hall')}
  >
    {(claims) => <Hall hall={claims.hall!} staffName={claims.name ?? claims.sub} />}
  </StaffPage>,
);
