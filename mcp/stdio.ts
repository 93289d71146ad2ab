// npm run mcp  — the MCP server over stdio, for an assistant running beside the gateway.
//   LINGXI_TOKEN=<staff token> LINGXI_GATEWAY_URL=http://127.0.0.1:4000/graphql npm run -s mcp
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { mcpStdioSettings } from '../lib/config.js';
import { createMcpServer } from './server.js';

const { token, gatewayUrl: url } = mcpStdioSettings();
if (!token) {
  console.error('LINGXI_TOKEN is required: the staff token the assistant acts with (npm run token -- clerk zhenjiang)');
  process.exit(2);
}
const server = createMcpServer(async (query, variables) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Awaited<ReturnType<Parameters<typeof createMcpServer>[0]>>;
});
await server.connect(new StdioServerTransport());
