import '../src/font.css';
import '../workbench/workbench.css';
import '../console/console.css';
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { graphClient } from '../src/client';
import { claimsOf, pageConfig } from '../src/config';
import { Hall } from './Hall';

const config = pageConfig();
const STORED = 'lingxi.hallToken';

/** The hall's screen signs in with a staff token of the hall (a hall manager's). */
function App() {
  const [token, setToken] = useState(() => sessionStorage.getItem(STORED) ?? '');
  const [typed, setTyped] = useState('');
  const claims = token ? claimsOf(token) : null;
  const client = useMemo(() => (token ? graphClient(config.url, token) : null), [token]);
  if (!client || !claims?.hall)
    return (
      <form
        className="sign-in"
        onSubmit={(e) => {
          e.preventDefault();
          sessionStorage.setItem(STORED, typed.trim());
          setToken(typed.trim());
        }}
      >
        <h1>灵犀助手 · 营业厅看板</h1>
        {token && !claims?.hall ? <p className="error">该令牌不属于营业厅员工 / this token has no hall</p> : null}
        <label>
          员工令牌 Staff token（npm run token -- hall_manager zhenjiang）
          <textarea value={typed} onChange={(e) => setTyped(e.target.value)} rows={4} />
        </label>
        <button type="submit">登录 Sign in</button>
      </form>
    );
  return (
    <Provider value={client}>
      <Hall hall={claims.hall} staffName={claims.name ?? claims.sub} />
    </Provider>
  );
}

createRoot(document.getElementById('app')!).render(<App />);
