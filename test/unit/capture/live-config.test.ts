/**
 * go-node.yaml's capture settings reach libpcap: -input-raw-snaplen and -input-raw-buffer-size
 * (goreplay.extra_args) arrive in the addon's open() call as the snaplen, the frame buffer's size
 * and the kernel buffer size; the defaults (65535, 32 MiB) when they are not set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { CapModule } from '../../../node/capture/cap-loader';
import { LiveCapture, liveSourcesFromPlan } from '../../../node/capture/live';
import { loadConfigText } from '../../../node/config/load';

interface OpenCall {
  device: string;
  bufSize: number;
  frameBuffer: number;
  options: { snaplen: number; promisc: boolean; batch: boolean };
}

/** The project's patched addon as far as open() goes (it has stats(), so options are honoured). */
function recordingCap(calls: OpenCall[]): CapModule {
  class Cap extends EventEmitter {
    open(device: string, _filter: string, bufSize: number, buffer: Buffer, options: OpenCall['options']): string {
      calls.push({ device, bufSize, frameBuffer: buffer.length, options });
      return 'ETHERNET';
    }
    close(): void {}
    stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number } {
      return { ps_recv: 0, ps_drop: 0, ps_ifdrop: 0 };
    }
  }
  return { Cap } as unknown as CapModule;
}

function openWith(extraArgs: string): OpenCall[] {
  const r = loadConfigText(
    `version: 4\nmode: tcp-capture\ngoreplay:\n  filter: 'eth0:80'\n  extra_args: [${extraArgs}]\n`,
    'go-node.yaml',
  );
  assert.ok('config' in r, JSON.stringify(r));
  const calls: OpenCall[] = [];
  const cap = recordingCap(calls);
  const { specs } = liveSourcesFromPlan(
    r.config.capture,
    () => [],
    () => cap,
  );
  new LiveCapture(specs, () => {}, cap).start();
  return calls;
}

test('-input-raw-snaplen and -input-raw-buffer-size reach the libpcap handle', () => {
  assert.deepEqual(openWith("'-input-raw-snaplen', 9216, '-input-raw-buffer-size', '256MB', '-input-raw-promisc=false'"), [
    // The frame buffer: the batch (live.ts BATCH_BUFFER_BYTES) and room for one snaplen frame.
    {
      device: 'eth0',
      bufSize: 256 * 2 ** 20,
      frameBuffer: (4 << 20) + 16 + 9216,
      options: { snaplen: 9216, promisc: false, batch: true },
    },
  ]);
});

test('without them: snaplen 65535 and a 32 MiB kernel buffer', () => {
  assert.deepEqual(openWith(''), [
    {
      device: 'eth0',
      bufSize: 32 * 2 ** 20,
      frameBuffer: (4 << 20) + 16 + 65535,
      options: { snaplen: 65535, promisc: true, batch: true },
    },
  ]);
});
