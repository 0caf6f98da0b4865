import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { patchCapBinding } from '../../../node/capture/cap-binding-patch';

const binding = readFileSync(path.resolve(__dirname, '../../../node_modules/cap/src/binding.cc'), 'utf8');

test('the installed cap binding takes the patch (compiled and run by test/integration/capture)', () => {
  const out = patchCapBinding(binding);
  assert.match(out, /static NAN_METHOD\(Stats\)[\s\S]*pcap_stats\(obj->pcap_handle, &ps\)/);
  assert.match(out, /Nan::SetPrototypeMethod\(tpl, "stats", Stats\);/);
  assert.match(out, /emit_argv\[5\][\s\S]*pkt_hdr->ts\.tv_sec[\s\S]*pkt_hdr->len/);
  assert.doesNotMatch(out, /This may not actually work/);
  assert.match(out, /if \(info\.Length\(\) >= 5 && info\[4\]->IsObject\(\)\)/);
  assert.match(out, /pcap_set_snaplen\(obj->pcap_handle, snaplen\)/);
  assert.match(out, /pcap_set_promisc\(obj->pcap_handle, promisc\)/);
  // Batch mode: frames packed into the buffer, one 'packets' event per run of pcap_dispatch().
  assert.match(out, /if \(obj->batch_mode\) \{[\s\S]*memcpy\(at \+ 16, pkt_data, len\);[\s\S]*return;\s*\}\s*size_t copy_len/);
  assert.match(out, /static void FlushBatch\(Pcap \*obj\)[\s\S]*"packets"/);
  assert.match(out, /obj->batch_mode = Nan::To<bool>\(v\)\.FromJust\(\);/);
  // ... and TPACKET_V3 (no immediate mode), whose ring is packed by frame size.
  assert.match(out, /pcap_set_timeout\(obj->pcap_handle, obj->batch_mode \? 50 : 1000\)/);
  assert.match(out, /if \(set_immediate_mode != nullptr && !obj->batch_mode\)\s*set_immediate_mode\(obj->pcap_handle, 1\);/);
  assert.equal(
    out.match(
      /\} while \(packet_count > 0 && !obj->closing && !\(obj->batch_mode && obj->batch_used >= obj->buffer_length \/ 2\)\);\s*if \(!obj->closing\) FlushBatch\(obj\);/g,
    )?.length,
    2,
    'both dispatch loops return to the event loop with half a buffer packed, and flush',
  );
  // The upstream pieces the patch does not touch are still there.
  assert.match(out, /pcap_set_buffer_size\(obj->pcap_handle, buffer_size\)/);
  assert.match(out, /static NAN_METHOD\(Close\)/);
});

test('a cap version the patch does not recognise is refused, naming the piece', () => {
  assert.throws(
    () => patchCapBinding(binding.replace('static NAN_METHOD(Close) {', 'static NAN_METHOD(CloseIt) {')),
    /the Close method not found/,
  );
});
