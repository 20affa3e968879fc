// A loopback HTTP server playing the Bot Connector service (or the Bot Framework Emulator):
// it records what the bot posts to `${serviceUrl}/v3/conversations/{id}/activities/{replyToId}`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  conversationId: string;
  replyToId?: string;
  headers: IncomingHttpHeaders;
  activity: Record<string, unknown> & { type?: string; text?: string };
}

export interface BotConnector {
  /** serviceUrl to put in the activities sent to the bot. */
  url: string;
  calls: ConnectorCall[];
  /** The replies posted to one conversation, in order. */
  repliesTo(conversationId: string): ConnectorCall[];
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

export async function startBotConnector(): Promise<BotConnector> {
  const calls: ConnectorCall[] = [];
  let sequence = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = ACTIVITY_PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (req.method !== 'POST' || !match?.[1]) {
        res.writeHead(404).end();
        return;
      }
      calls.push({
        method: req.method,
        conversationId: decodeURIComponent(match[1]),
        replyToId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        headers: req.headers,
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `sent-${++sequence}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    repliesTo: (conversationId) => calls.filter((c) => c.conversationId === conversationId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
