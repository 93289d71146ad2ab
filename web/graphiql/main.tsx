import 'graphiql/setup-workers/vite';
import '@fontsource/noto-sans-sc/400.css';
import 'graphiql/style.css';
import './graphiql.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

/** What the gateway puts in the page: where the graph is, and what to open with. */
interface PageConfig {
  url: string;
  defaultQuery: string;
  defaultHeaders: string;
}

const config = JSON.parse(document.getElementById('lingxi-config')?.textContent ?? '{}') as PageConfig;
const http = new URL(config.url ?? '/graphql', window.location.href);
const ws = new URL(http);
ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';

// Subscriptions go over graphql-ws on the same origin; the Headers tab's Authorization travels in
// connection_init, as the gateway reads a staff token there.
const fetcher = createGraphiQLFetcher({ url: http.href, subscriptionUrl: ws.href });

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={config.defaultQuery}
    defaultHeaders={config.defaultHeaders}
    shouldPersistHeaders={false}
    defaultEditorToolsVisibility="headers"
  />,
);
