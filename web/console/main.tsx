import '../src/font.css';
import '../workbench/workbench.css';
import './console.css';
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { graphClient } from '../src/client';
import { claimsOf, pageConfig } from '../src/config';
import { Console } from './Console';

const config = pageConfig();
const STORED = 'lingxi.marketingToken';

/** The console signs in with a marketing staff token (pasted here, or handed over by single sign-on). */
function App() {
  const [token, setToken] = useState(() => sessionStorage.getItem(STORED) ?? '');
  const [typed, setTyped] = useState('');
  const claims = token ? claimsOf(token) : null;
  const client = useMemo(() => (token ? graphClient(config.url, token) : null), [token]);
  if (!client || !claims?.roles?.includes('marketing'))
    return (
      <form
        className="sign-in"
        onSubmit={(e) => {
          e.preventDefault();
          sessionStorage.setItem(STORED, typed.trim());
          setToken(typed.trim());
        }}
      >
        <h1>灵犀助手 · 市场部控制台</h1>
        {token && !claims?.roles?.includes('marketing') ? <p className="error">须使用市场部员工令牌 / a marketing staff token is needed</p> : null}
        <label>
          员工令牌 Staff token（npm run token -- marketing zhenjiang）
          <textarea value={typed} onChange={(e) => setTyped(e.target.value)} rows={4} />
        </label>
        <button type="submit">登录 Sign in</button>
      </form>
    );
  return (
    <Provider value={client}>
      <Console staffName={claims.name ?? claims.sub} />
    </Provider>
  );
}

createRoot(document.getElementById('app')!).render(<App />);
