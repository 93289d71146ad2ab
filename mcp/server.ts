import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TOOLS, type GraphQLRunner } from './tools.js';

/**
 * The assistant's MCP server: every tool is a GraphQL operation through the gateway, run as the
 * staff member whose token the session carries. GraphQL errors come back as tool errors with
 * their codes, so the model can tell "not found" from "not allowed".
 */
export function createMcpServer(run: GraphQLRunner): McpServer {
  const server = new McpServer(
    { name: 'lingxi-graph', version: '0.1.0' },
    {
      instructions:
        '灵犀助手的营业厅工具：客户洞察、脉动预警、套餐推荐与规则解释。Lingxi counter tools: customer insight, warning orders, package recommendations and rule explanations.',
    },
  );
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema },
      async (args: Record<string, unknown>) => {
        const result = await run(tool.query, tool.variables ? tool.variables(args) : args);
        const text = JSON.stringify(
          result.errors ? { errors: result.errors.map((e) => ({ message: e.message, code: e.extensions?.code })), data: result.data ?? null } : result.data,
          null,
          1,
        );
        return { content: [{ type: 'text' as const, text }], isError: Boolean(result.errors?.length) };
      },
    );
  }
  return server;
}
