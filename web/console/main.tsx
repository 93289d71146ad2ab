import '../src/font.css';
import '../workbench/workbench.css';
import './console.css';
import { createRoot } from 'react-dom/client';
import { StaffPage } from '../src/StaffPage';
import { Console } from './Console';

createRoot(document.getElementById('app')!).render(
  <StaffPage
    title="灵犀助手 · 市场部控制台"
    storageKey="lingxi.marketingToken"
    hint="（npm run token -- marketing zhenjiang）"
    refuse={(claims) => (claims?.roles?.includes('marketing') ? null : '须使用市场部员工令牌 / a marketing staff token is needed')}
  >
    {(claims) => <Console staffName={claims.name ?? claims.sub} />}
  </StaffPage>,
);
