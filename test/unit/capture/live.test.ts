import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { LiveCapture, LiveCaptureError, liveSourcesFromPlan } from '../../../node/capture/live';
import type { CapModule } from '../../../node/capture/cap-loader';
import { decoderOptionsFromPlan } from '../../../node/decode/from-plan';
import { capturePlan } from '../../support/capture-plan';

/** A stand-in for the cap addon: records open() calls, lets the test emit packets. */
function fakeCap(linkByIface: Record<string, string>, patched = false): { cap: CapModule; handles: Array<FakeHandle> } {
  const handles: FakeHandle[] = [];
  class Handle extends EventEmitter {
    buffer: Buffer = Buffer.alloc(0);
    iface = '';
    options: unknown = undefined;
    closed = false;
    constructor() {
      super();
      handles.push(this);
    }
    open(device: string, _filter: string, _size: number, buffer: Buffer, options?: unknown): string {
      if (!(device in linkByIface)) throw new Error(`${device}: No such device exists (SIOCGIFHWADDR: No such device)`);
      this.iface = device;
      this.buffer = buffer;
      this.options = options;
      return linkByIface[device];
    }
    close(): void {
      this.closed = true;
    }
    send(): void {}
    deliver(frame: Buffer, kernelTs?: number): void {
      // libpcap cuts at the snaplen (patched addon's option), upstream cap at its buffer.
      const n = Math.min(
        frame.length,
        this.buffer.length,
        (this.options as { snaplen?: number } | undefined)?.snaplen ?? Infinity,
      );
      frame.copy(this.buffer, 0, 0, n);
      if (kernelTs === undefined) this.emit('packet', n, frame.length > this.buffer.length);
      else this.emit('packet', n, frame.length > this.buffer.length, kernelTs, frame.length);
    }
  }
  class PatchedHandle extends Handle {
    stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number } {
      return { ps_recv: 100, ps_drop: 7, ps_ifdrop: 1 };
    }
    /** Batch mode (open option batch): the frames packed as the addon packs them, one 'packets' event. */
    deliverPacked(frames: Buffer[], kernelTs: number): void {
      const snaplen = (this.options as { snaplen: number }).snaplen;
      let used = 0;
      for (const f of frames) {
        const len = Math.min(f.length, snaplen);
        this.buffer.writeUInt32LE(len, used);
        this.buffer.writeUInt32LE(f.length, used + 4);
        this.buffer.writeDoubleLE(kernelTs, used + 8);
        f.copy(this.buffer, used + 16, 0, len);
        used += 16 + len;
      }
      this.emit('packets', frames.length, used);
    }
  }
  const Cap = patched ? PatchedHandle : Handle;
  return { cap: { Cap } as unknown as CapModule, handles };
}
type FakeHandle = EventEmitter & {
  iface: string;
  options: unknown;
  closed: boolean;
  buffer: Buffer;
  deliver(frame: Buffer, kernelTs?: number): void;
  /** Only on the patched fake. */
  deliverPacked?(frames: Buffer[], kernelTs: number): void;
};

test('several sources feed one handler with their own link types; snaplen cuts frames', () => {
  const { cap, handles } = fakeCap({ eth0: 'ETHERNET', any: 'LINKTYPE_LINUX_SLL' });
  const got: Array<[number, string]> = [];
  const specs = [
    { iface: 'eth0', filter: 'tcp', snaplen: 4, bufferSizeBytes: 1024, promisc: true },
    { iface: 'any', filter: 'tcp', snaplen: 100, bufferSizeBytes: 1024, promisc: true },
  ];
  const live = new LiveCapture(
    specs,
    (linkType, buf, off, len, ts) => {
      assert.ok(ts > 1.6e15);
      got.push([linkType, buf.toString('hex', off, off + len)]);
    },
    cap,
  );
  live.start();
  assert.deepEqual(live.linkTypes(), [1, 113]);
  handles[0].deliver(Buffer.from('0102030405', 'hex'));
  handles[1].deliver(Buffer.from('aabb', 'hex'));
  assert.deepEqual(got, [
    [1, '01020304'],
    [113, 'aabb'],
  ]);
  assert.deepEqual(handles[0].options, { snaplen: 4, promisc: true, batch: false });
  const s = live.stats();
  assert.equal(s.total.received, 2);
  assert.equal(s.total.dropped, null, 'cap 0.2.1 cannot report ring drops');
  assert.deepEqual(
    s.sources.map((x) => x.iface),
    ['eth0', 'any'],
  );
  live.stop();
  assert.ok(handles.every((h) => h.closed));
});

test('the patched addon: kernel counters, timestamps, wire lengths and snaplens above 65535', () => {
  const { cap, handles } = fakeCap({ eth0: 'ETHERNET' }, true);
  const got: number[][] = [];
  const live = new LiveCapture(
    [{ iface: 'eth0', filter: '', snaplen: 4, bufferSizeBytes: 1, promisc: false }],
    (_l, _b, _o, len, ts, orig) => got.push([len, ts, orig]),
    cap,
  );
  live.start();
  assert.deepEqual(handles[0].options, { snaplen: 4, promisc: false, batch: true });
  // Frames come packed, several per call (cap-binding-patch.ts batch mode).
  handles[0].deliverPacked!([Buffer.alloc(60), Buffer.alloc(3)], 1_700_000_000_123_456);
  assert.deepEqual(got, [
    [4, 1_700_000_000_123_456, 60],
    [3, 1_700_000_000_123_456, 3],
  ]);
  // A patched addon built before batch mode ignores the option: one 'packet' per frame still works.
  handles[0].deliver(Buffer.alloc(60), 1_700_000_000_123_457);
  assert.deepEqual(got[2], [4, 1_700_000_000_123_457, 60]);
  new LiveCapture([{ iface: 'eth0', filter: '', snaplen: 200000, bufferSizeBytes: 1, promisc: true }], () => {}, cap).start();
  assert.ok(handles[1].buffer.length >= 200000 + 16, 'room for one snaplen frame and its header at least');
  assert.deepEqual(live.stats().total, { received: 100, dropped: 7, ifDropped: 1 });
});

test('a source that cannot open closes the others and names the interface', () => {
  const { cap, handles } = fakeCap({ eth0: 'ETHERNET' });
  const live = new LiveCapture(
    [
      { iface: 'eth0', filter: 'tcp', snaplen: 100, bufferSizeBytes: 1, promisc: true },
      { iface: 'eth9', filter: 'tcp', snaplen: 100, bufferSizeBytes: 1, promisc: true },
    ],
    () => {},
    cap,
  );
  assert.throws(
    () => live.start(),
    (err: unknown) => err instanceof LiveCaptureError && /cannot capture on "eth9": .*check the interface name/.test(err.message),
  );
  assert.equal(handles[0].closed, true);
  assert.throws(() => new LiveCapture([], () => {}, cap), /no capture source/);
});

test('sources from the plan: merged per interface, any device, ignored interfaces, warnings', () => {
  const upstream = fakeCap({}).cap;
  const { specs, warnings } = liveSourcesFromPlan(
    capturePlan({
      sources: [
        { iface: 'eth0', ports: [80] },
        { iface: 'eth0', ports: [8080] },
        { iface: 'eth1', ports: [] },
        { iface: 'eth1', ports: [443] },
      ],
      promisc: false,
      snaplen: 100000,
    }),
    () => [],
    () => upstream,
  );
  assert.deepEqual(
    specs.map((s) => [s.iface, s.filter]),
    [
      [
        'eth0',
        '(tcp and (port 80 or port 8080)) or (udp dst port 4789) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44)',
      ],
      [
        'eth1',
        '(tcp) or (udp dst port 4789) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44)',
      ],
    ],
  );
  assert.deepEqual(warnings, [
    '-input-raw-promisc=false is not honoured: this libpcap addon always opens interfaces in promiscuous mode',
    'snaplen 100000 is capped at 65535 by this libpcap addon',
  ]);
  const patched = fakeCap({}, true).cap;
  assert.deepEqual(
    liveSourcesFromPlan(
      capturePlan({ sources: [{ iface: 'eth0', ports: [] }], promisc: false, snaplen: 100000 }),
      () => [],
      () => patched,
    ).warnings,
    [],
  );

  const any = liveSourcesFromPlan(capturePlan({ sources: [{ iface: '', ports: [80] }] })).specs;
  assert.deepEqual(
    any.map((s) => s.iface),
    ['any'],
  );

  const ignoring = liveSourcesFromPlan(
    capturePlan({ sources: [{ iface: '', ports: [80] }], ignoreInterfaces: ['lo', 'docker0'] }),
    () => ['lo', 'eth0', 'docker0', 'eth1'],
  ).specs;
  assert.deepEqual(
    ignoring.map((s) => s.iface),
    ['eth0', 'eth1'],
  );
});

test('decoder options from the plan: port union, all ports when a source has none', () => {
  const p = capturePlan({
    sources: [
      { iface: 'a', ports: [80] },
      { iface: 'b', ports: [8080, 80] },
    ],
    vxlanPort: 8472,
    vniInclude: [1],
    vniExclude: [2],
    vlanVids: [3],
  });
  assert.deepEqual(decoderOptionsFromPlan(p), {
    vxlanPorts: [8472],
    vlanVids: [3],
    vniInclude: [1],
    vniExclude: [2],
    serverPorts: [80, 8080],
    genevePorts: [6081],
    geneveVniInclude: [],
    innerVniInclude: [],
    ignoreIps: null,
    vxlanListenerFilter: null,
    geneveListenerFilter: null,
  });
  assert.deepEqual(
    decoderOptionsFromPlan(
      capturePlan({
        sources: [
          { iface: 'a', ports: [80] },
          { iface: 'b', ports: [] },
        ],
      }),
    ).serverPorts,
    [],
  );
});
