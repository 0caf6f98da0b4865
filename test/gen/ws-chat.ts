/**
 * A chat-style WebSocket API on the npm `ws` implementation (server and client), with
 * permessage-deflate on: the live and recorded WebSocket tests run it. The client says benign
 * chat lines and, in known fields, three injections; the server acknowledges each message and
 * broadcasts what was said.
 * Run as a program (`server PORT` or `client URL`) inside a network namespace (mirror-websocket test).
 */
import { WebSocketServer, WebSocket } from 'ws';

/** Benign messages: chat words that look a little like syntax (apostrophes, select, <3, paths). */
export const BENIGN: unknown[] = [
  { type: 'join', room: 'lobby', user: 'ann' },
  { type: 'say', room: 'lobby', text: "Hi all, what's the plan for tonight?" },
  { type: 'say', room: 'lobby', text: 'select a restaurant and let me know -- thanks!' },
  { type: 'say', room: 'lobby', text: 'I <3 this place, see /menu/today for details' },
  { type: 'typing', room: 'lobby' },
  { type: 'say', room: 'lobby', text: 'Order #42 & #43 are ready; pick them up at 7pm' },
];

/** Injections: the message, the class and the point the node must report. */
export const INJECTIONS: Array<{ message: unknown; cls: string; point: Array<string | number> }> = [
  {
    message: { type: 'say', room: 'lobby', text: "x' UNION SELECT password FROM users--" },
    cls: 'sqli',
    point: ['ws', 'json', 'text'],
  },
  { message: { type: 'profile', bio: '<script>alert(document.cookie)</script>' }, cls: 'xss', point: ['ws', 'json', 'bio'] },
  { message: { type: 'file', names: ['notes.txt', '../../../../etc/passwd'] }, cls: 'ptrav', point: ['ws', 'json', 'names', 1] },
];

export const CHAT_PATH = '/ws/chat';

export async function startChatServer(port: number, host = '127.0.0.1'): Promise<{ port: number; stop(): Promise<void> }> {
  const wss = new WebSocketServer({
    port,
    host,
    path: CHAT_PATH,
    perMessageDeflate: { threshold: 0 },
    handleProtocols: () => 'chat.v1',
  });
  wss.on('connection', (ws) => {
    let n = 0;
    ws.on('message', (data, binary) => {
      ws.send(JSON.stringify({ type: 'ack', seq: n++, from: 'server@example.org' }));
      if (!binary) for (const peer of wss.clients) if (peer !== ws) peer.send(data.toString());
    });
  });
  await new Promise<void>((resolve) => wss.on('listening', () => resolve()));
  const address = wss.address();
  return {
    port: address === null || typeof address === 'string' ? port : address.port,
    stop: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

/** Sends the benign messages, the injections, a binary JSON message and a ping; closes with 1000. */
export async function runChatClient(url: string): Promise<number> {
  const ws = new WebSocket(url, 'chat.v1', { perMessageDeflate: { threshold: 0 } });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  let acks = 0;
  ws.on('message', () => acks++);
  const all = [...BENIGN.slice(0, 3), ...INJECTIONS.map((i) => i.message), ...BENIGN.slice(3)];
  for (const m of all) ws.send(JSON.stringify(m));
  ws.send(Buffer.from(JSON.stringify({ type: 'presence', status: 'away' })), { binary: true });
  ws.send(Buffer.from([0, 1, 2, 3, 255, 254]), { binary: true });
  ws.ping();
  const expected = all.length + 2;
  const deadline = Date.now() + 10_000;
  while (acks < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise<void>((resolve) => {
    ws.on('close', () => resolve());
    ws.close(1000, 'bye');
  });
  return acks;
}

/** All messages the client sends: the benign ones, the injections, two binary ones. */
export const CLIENT_MESSAGES = BENIGN.length + INJECTIONS.length + 2;

if (process.argv[1]?.endsWith('ws-chat.ts')) {
  const [mode, arg, host] = process.argv.slice(2);
  if (mode === 'server') {
    void startChatServer(Number(arg), host ?? '0.0.0.0').then(() => process.stdout.write('listening\n'));
  } else {
    void runChatClient(arg).then((acks) => {
      process.stdout.write(`acks=${acks}\n`);
      process.exit(0);
    });
  }
}
