import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flowRef } from '../../../node/records/format';
import type { ConnectionInfo, Endpoint } from '../../../node/reassembly/types';

// The definition flowRef's remembered endpoint strings stand for.
function flowRefByDefinition(conn: ConnectionInfo): Record<string, unknown> {
  const text = (e: Endpoint) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);
  const flow: Record<string, unknown> = { src: text(conn.client), dst: text(conn.server) };
  if (conn.vlan.length > 0) flow.vlan = conn.vlan;
  if (conn.vni !== null) flow.vni = conn.vni;
  return flow;
}

test('flowRef (endpoints formatted once per connection in a row) formats every connection as defined, swapped endpoints included', () => {
  const endpoint = fc.record({ ip: fc.oneof(fc.ipV4(), fc.ipV6()), port: fc.integer({ min: 0, max: 65535 }) });
  fc.assert(
    fc.property(
      fc.array(endpoint, { minLength: 2, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.option(fc.nat({ max: 1 << 24 }))), { maxLength: 60 }),
      (endpoints, picks) => {
        const conns: ConnectionInfo[] = picks.map(
          ([a, b, tagged, vni]) =>
            ({
              client: endpoints[a % endpoints.length],
              server: endpoints[b % endpoints.length],
              vlan: tagged ? [100] : [],
              vni,
            }) as unknown as ConnectionInfo,
        );
        // Each connection several times in a row, then swapped (HTTP/2 and TLS give a connection with the roles turned).
        for (const c of conns) {
          for (const conn of [c, c, { ...c, client: c.server, server: c.client }, c])
            assert.deepEqual({ ...flowRef(conn) }, flowRefByDefinition(conn));
        }
      },
    ),
    { numRuns: 300 },
  );
});
