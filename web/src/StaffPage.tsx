import { useMemo, useState } from 'react';
import { Provider } from 'urql';
import { graphClient } from './client';
import { claimsOf, pageConfig, type StaffClaims } from './config';

/**
 * A screen behind a staff token: given by the page (the embedded default's clerk), kept for the
 * browser tab, or pasted here (a deployment's single sign-on would hand it over). `refuse` says
 * why a token will not do for this screen, or null.
 */
export function StaffPage({
  title,
  storageKey,
  hint,
  refuse,
  children,
}: {
  title: string;
  storageKey: string;
  hint: string;
  refuse: (claims: StaffClaims | null) => string | null;
  children: (claims: StaffClaims) => React.ReactNode;
}) {
  const config = pageConfig();
  const [token, setToken] = useState(() => config.token ?? sessionStorage.getItem(storageKey) ?? '');
  const [typed, setTyped] = useState('');
  const claims = token ? claimsOf(token) : null;
  const client = useMemo(() => (token ? graphClient(config.url, token) : null), [config.url, token]);
  const refused = token ? refuse(claims) : null;
  if (!client || !claims || refused)
    return (
      <form
        className="sign-in"
        onSubmit={(e) => {
          e.preventDefault();
          sessionStorage.setItem(storageKey, typed.trim());
          setToken(typed.trim());
        }}
      >
        <h1>{title}</h1>
        {refused ? <p className="error">{refused}</p> : null}
        <label>
          员工令牌 Staff token{hint}
          <textarea value={typed} onChange={(e) => setTyped(e.target.value)} rows={4} />
        </label>
        <button type="submit">登录 Sign in</button>
      </form>
    );
  return <Provider value={client}>{children(claims)}</Provider>;
}
