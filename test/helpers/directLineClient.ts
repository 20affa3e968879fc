// Microsoft's Direct Line client (botframework-directlinejs, unmodified) in Node. It is a
// browser library: its HTTP calls go through an injectable `ajax` service (here: fetch, with
// the shape of RxJS's AjaxResponse/AjaxError) and its stream through the global WebSocket
// (here: the `ws` package). Both are the library's documented injection points.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Activity, ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable.js';

const require = createRequire(import.meta.url);

/** The `ws` package when installed (then the client streams over WebSocket), else undefined. */
export const NodeWebSocket: (new (url: string) => unknown) | undefined = existsSync(
  require.resolve('ws').replace(/index\.js$/, 'package.json'),
)
  ? (require('ws') as new (
      url: string,
    ) => unknown)
  : undefined;

interface AjaxRequest {
  method?: string;
  url?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Every request the client made, for assertions about how it talked to the server. */
export const requestLog: string[] = [];

function fetchAjax(request: AjaxRequest) {
  return new Observable<{ response: unknown; status: number }>(
    (subscriber: {
      next(value: { response: unknown; status: number }): void;
      complete(): void;
      error(error: unknown): void;
    }) => {
      const controller = new AbortController();
      const method = request.method ?? 'GET';
      const url = request.url ?? '';
      requestLog.push(`${method} ${new URL(url).pathname}`);
      const body =
        request.body === undefined || typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
      fetch(url, {
        method,
        headers: request.headers,
        body: body as string | undefined,
        signal: controller.signal,
      })
        .then(async (res) => {
          const text = await res.text();
          let response: unknown = text;
          try {
            response = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          if (res.ok) {
            subscriber.next({ response, status: res.status });
            subscriber.complete();
          } else {
            subscriber.error({
              status: res.status,
              response,
              xhr: { getResponseHeader: (name: string) => res.headers.get(name) },
            });
          }
        })
        .catch((error: Error) => {
          if (!controller.signal.aborted) subscriber.error({ status: 0, message: error.message });
        });
      return () => controller.abort();
    },
  );
}

/** The fields of a received activity the tests look at. */
export interface ReceivedActivity {
  id?: string;
  type: string;
  text?: string;
  textFormat?: string;
  replyToId?: string;
  from: { id: string; name?: string; role?: string };
  suggestedActions?: { actions: Array<{ type: string; title?: string; value?: unknown }> };
}

export interface ClientOptions {
  token: string;
  domain: string;
  webSocket: boolean;
  conversationId?: string;
  watermark?: string;
}

/** A connected client and everything it has received so far. */
export class TestClient {
  readonly directLine: DirectLine;
  readonly received: ReceivedActivity[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly subscription: { unsubscribe(): void };
  /** What ended the activity stream with an error (a refused token…), if anything did. */
  error: unknown;

  constructor(options: ClientOptions) {
    // The client streams only where a global WebSocket exists (it checks when constructed).
    const global = globalThis as { WebSocket?: unknown };
    if (options.webSocket && NodeWebSocket && global.WebSocket === undefined)
      global.WebSocket = NodeWebSocket;
    this.directLine = new DirectLine({
      ...options,
      pollingInterval: 200,
      ajax: fetchAjax,
      WebSocket: NodeWebSocket,
    } as ConstructorParameters<typeof DirectLine>[0]);
    this.subscription = this.directLine.activity$.subscribe(
      (activity) => {
        this.received.push(activity as unknown as ReceivedActivity);
        for (const wake of this.waiters.splice(0)) wake();
      },
      (error: unknown) => {
        this.error = error;
      },
    );
  }

  get conversationId(): string | undefined {
    return (this.directLine as unknown as { conversationId?: string }).conversationId;
  }

  get watermark(): string {
    return (this.directLine as unknown as { watermark: string }).watermark;
  }

  get status(): ConnectionStatus {
    return this.directLine.connectionStatus$.getValue();
  }

  /** Posts like Web Chat does (from the user, with a clientActivityID); resolves to the echo's id. */
  post(activity: Partial<Activity>): Promise<string> {
    const full = { from: { id: 'someone', role: 'user' }, ...activity } as Activity;
    return new Promise((resolve, reject) => {
      this.directLine.postActivity(full).subscribe(
        (id) => (id === 'retry' ? reject(new Error('post failed: retry')) : resolve(id)),
        (error: unknown) => reject(error),
      );
    });
  }

  say(text: string): Promise<string> {
    return this.post({ type: 'message', text, channelData: { clientActivityID: `c-${Math.random()}` } });
  }

  /** The text of all bot messages replying to `id`, once it contains `expected`. */
  async answerTo(id: string, expected: string, timeoutMs = 10000): Promise<string> {
    const text = () =>
      this.received
        .filter((a) => a.type === 'message' && a.replyToId === id)
        .map((a) => a.text ?? '')
        .join('\n');
    await this.until(() => text().includes(expected), timeoutMs, `“${expected}” in the replies to ${id}`);
    return text();
  }

  /** The bot's messages that reply to the activity with this id (waits until `count` arrived). */
  async repliesTo(id: string, count = 1, timeoutMs = 10000): Promise<ReceivedActivity[]> {
    const found = () => this.received.filter((a) => a.type === 'message' && a.replyToId === id);
    await this.until(() => found().length >= count, timeoutMs, `${count} replies to ${id}`);
    return found();
  }

  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  end(): void {
    this.directLine.end();
    this.subscription.unsubscribe();
  }
}

export { ConnectionStatus };
