import '../src/font.css';
import './workbench.css';
import { createRoot } from 'react-dom/client';
import { StaffPage } from '../src/StaffPage';
import { Workbench } from './Workbench';

createRoot(document.getElementById('app')!).render(
  <StaffPage
    title="灵犀助手 · 柜台工作台"
    storageKey="lingxi.staffToken"
    hint=""
    refuse={(claims) => (claims?.hall ? null : '该令牌不属于营业厅员工 / this token has no hall')}
  >
    {(claims) => <Workbench hall={claims.hall!} staffName={claims.name ?? claims.sub} />}
  </StaffPage>,
);
