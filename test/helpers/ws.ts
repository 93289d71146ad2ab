import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { SubscriptionServer } from '../../gateway/subscriptions.js';

/** A graphql-ws client as a front end would open it, with the staff token in connection_init. */
export function wsClient(httpUrl: string, token: string | null, onClose?: (code: number, reason: string) => void): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // Closes are observed through on.closed; the default would print them.
    onNonLazyError: () => undefined,
    on: { closed: (e) => onClose?.((e as { code: number }).code, (e as { reason: string }).reason) },
  });
}

export interface Feed<T> {
  /** The next event, or rejects after `ms`. */
  next(ms?: number): Promise<T>;
  /** Events received and not yet taken. */
  pending(): number;
  close(): void;
  error: Promise<unknown>;
}

export function feed<
  T = { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> },
>(client: Client, query: string, variables: Record<string, unknown> = {}): Feed<T> {
  const buffer: T[] = [];
  const waiting: ((v: T) => void)[] = [];
  let fail: (e: unknown) => void = () => undefined;
  const error = new Promise<unknown>((resolve) => (fail = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        const w = waiting.shift();
        if (w) w(v as T);
        else buffer.push(v as T);
      },
      error: (e) => fail(e),
      complete: () => undefined,
    },
  );
  return {
    next(ms = 5000) {
      const v = buffer.shift();
      if (v !== undefined) return Promise.resolve(v);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
        waiting.push((x) => {
          clearTimeout(timer);
          resolve(x);
        });
      });
    },
    pending: () => buffer.length,
    close: stop,
    error,
  };
}

/**
 * Opens subscriptions and returns once the gateway listens on the bus for `count` of them, so an
 * event triggered next is not missed; refuses after `ms` (a subscription refused never listens).
 */
export async function listening<T>(gateway: { subscriptions: SubscriptionServer }, open: () => T, count = 1, ms = 5000): Promise<T> {
  const ready = gateway.subscriptions.whenListening(gateway.subscriptions.listening() + count);
  const opened = open();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the gateway did not listen for ${count} subscription(s) within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([ready, late]);
  } finally {
    clearTimeout(timer);
  }
  return opened;
}
