import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import type { Identity } from '../auth/identity.js';
import { INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity } from '../auth/tokens.js';
import { appError, ErrorCode } from '../errors.js';

/** Sends one typed operation to the one graph as `identity`, and answers its typed data. */
export type GraphAsk = <R, V>(identity: Identity, document: TypedDocumentNode<R, V>, variables: V) => Promise<R>;

/** Each operation's text, printed once. */
const texts = new WeakMap<object, string>();
const textOf = (document: DocumentNode) => {
  let text = texts.get(document);
  if (!text) texts.set(document, (text = print(document)));
  return text;
};

/**
 * A subgraph reading what another subgraph owns goes through the one graph, as the person (or the
 * system role) it acts for: the gateway plans the query across subgraphs like any front end's, and
 * every subgraph scopes it as it would anyone's. Never another subgraph's tables.
 */
export function graphCaller(url: () => string, internalSecret: string): GraphAsk {
  return async function ask<R, V>(identity: Identity, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const token = await signIdentity(identity, internalSecret, INTERNAL_AUDIENCE, 60);
    let body: { data?: R; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
    try {
      const res = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: token },
        body: JSON.stringify({ query: textOf(document), variables }),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw appError(ErrorCode.SUBGRAPH_UNAVAILABLE, '无法经网关读取 / the graph is unreachable');
    }
    const denied = body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'BAD_USER_INPUT');
    if (denied) throw appError(denied.extensions!.code as 'FORBIDDEN', denied.message, denied.extensions?.field ? { field: denied.extensions.field } : {});
    if (!body.data) throw appError(ErrorCode.SUBGRAPH_UNAVAILABLE, `数据暂不可用 / the graph answered no data: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data;
  };
}
