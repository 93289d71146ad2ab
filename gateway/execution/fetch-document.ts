import type { FetchNode } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';

/** Fetch operations parsed, by their text: plans are cached, so the same few recur. */
const documents = new Map<string, DocumentNode>();

/** A fetch's operation as a document: the planner's own when it gives one, else parsed once. */
export function fetchDocument(fetch: FetchNode): DocumentNode {
  let document = fetch.operationDocumentNode ?? documents.get(fetch.operation);
  if (!document) {
    if (documents.size > 2000) documents.clear();
    documents.set(fetch.operation, (document = graphqlRuntime.parse(fetch.operation)));
  }
  return document;
}
