/**
 * A gRPC service and the calls its client makes, with @grpc/grpc-js and the Orders service of
 * test/fixtures/grpc/shop.proto: unary, server streaming, client streaming, a gzip-compressed
 * call, an error answered trailers-only, and an injection inside a nested string field. Used
 * in-process by the unit test and as two processes by the live test:
 *   tsx test/gen/grpc-exchange.ts server PORT   |   tsx test/gen/grpc-exchange.ts client PORT
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { readFileSync } from 'node:fs';

const PROTO = path.resolve(__dirname, '../fixtures/grpc/shop.proto');
/** The injection the client sends in Order.ship_to.city (field path 2.2). */
export const INJECTION = "Paris' UNION SELECT password FROM users--";

interface OrdersClient extends grpc.Client {
  Place(req: object, cb: (err: grpc.ServiceError | null, res?: { id: string; status: string }) => void): void;
  Search(req: object): grpc.ClientReadableStream<{ id: string }>;
  Bulk(cb: (err: grpc.ServiceError | null, res?: { id: string }) => void): grpc.ClientWritableStream<object>;
}

function ordersService(): {
  service: grpc.ServiceDefinition;
  Client: new (addr: string, creds: grpc.ChannelCredentials, opts?: object) => OrdersClient;
} {
  const def = protoLoader.loadSync(PROTO, { keepCase: true, defaults: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { shop: { v1: { Orders: grpc.ServiceClientConstructor } } };
  const Orders = pkg.shop.v1.Orders;
  return {
    service: Orders.service,
    Client: Orders as unknown as new (addr: string, creds: grpc.ChannelCredentials, opts?: object) => OrdersClient,
  };
}

/** The name the TLS client asks for (SNI); the test certificate covers *.tls.test. */
export const TLS_NAME = 'grpc.tls.test';

const serverCredentials = (tlsDir?: string): grpc.ServerCredentials =>
  tlsDir
    ? grpc.ServerCredentials.createSsl(null, [
        { private_key: readFileSync(path.join(tlsDir, 'grpc.key')), cert_chain: readFileSync(path.join(tlsDir, 'grpc.crt')) },
      ])
    : grpc.ServerCredentials.createInsecure();

const channel = (tlsDir?: string): { creds: grpc.ChannelCredentials; opts: object } =>
  tlsDir
    ? {
        creds: grpc.credentials.createSsl(readFileSync(path.join(tlsDir, 'grpc.crt'))),
        opts: { 'grpc.ssl_target_name_override': TLS_NAME, 'grpc.default_authority': TLS_NAME },
      }
    : { creds: grpc.credentials.createInsecure(), opts: {} };

export async function startServer(port = 0, tlsDir?: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const { service } = ordersService();
  const server = new grpc.Server();
  server.addService(service, {
    Place: (call: grpc.ServerUnaryCall<{ customer: string }, object>, cb: grpc.sendUnaryData<object>) => {
      if (call.request.customer === 'mallory') {
        cb({ code: grpc.status.PERMISSION_DENIED, details: 'customer is blocked' });
        return;
      }
      cb(null, { id: `order-${call.request.customer}`, status: 'placed' });
    },
    Search: (call: grpc.ServerWritableStream<{ text: string }, object>) => {
      for (let i = 1; i <= 3; i++) call.write({ id: `hit-${i}`, status: call.request.text });
      call.end();
    },
    Bulk: (call: grpc.ServerReadableStream<{ customer: string }, object>, cb: grpc.sendUnaryData<object>) => {
      const names: string[] = [];
      call.on('data', (o: { customer: string }) => names.push(o.customer));
      call.on('end', () => cb(null, { id: names.join('+'), status: 'bulk' }));
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, serverCredentials(tlsDir), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { port: bound, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

/** The calls, in order, each on the same channel except the compressed one (a channel of its own). */
export async function runClient(port: number, tlsDir?: string): Promise<void> {
  const { Client } = ordersService();
  const { creds, opts } = channel(tlsDir);
  const client = new Client(`127.0.0.1:${port}`, creds, opts);
  const unary = (c: OrdersClient, req: object) => new Promise<void>((resolve) => c.Place(req, () => resolve()));
  await unary(client, {
    customer: 'alice',
    ship_to: { street: '1 Main St', city: INJECTION },
    quantity: 2,
    tags: ['gift', 'fragile'],
  });
  await unary(client, { customer: 'mallory', quantity: 1 });
  await new Promise<void>((resolve, reject) => {
    const s = client.Search({ text: 'chairs' });
    s.on('data', () => {});
    s.on('end', () => resolve());
    s.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    const w = client.Bulk((e) => (e ? reject(e) : resolve()));
    for (const customer of ['bob', 'carol', 'dave']) w.write({ customer, quantity: 1 });
    w.end();
  });
  client.close();
  // gzip per message (grpc-encoding: gzip), on a channel of its own.
  const gz = new Client(`127.0.0.1:${port}`, creds, { ...opts, 'grpc.default_compression_algorithm': 2 });
  await unary(gz, { customer: 'zoe'.repeat(50), ship_to: { city: 'Lyon' } });
  gz.close();
}

if (require.main === module) {
  const [role, port, tlsDir] = process.argv.slice(2);
  if (role === 'server') {
    void startServer(Number(port), tlsDir).then(() => process.stdout.write('listening\n'));
  } else {
    void runClient(Number(port), tlsDir).then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(String(e));
        process.exit(1);
      },
    );
  }
}
