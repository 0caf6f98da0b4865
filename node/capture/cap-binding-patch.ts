/**
 * Source patch for cap 0.2.1's binding.cc, applied when the project builds its own copy of the
 * addon (build/addon.ts). Upstream cap exposes neither pcap_stats() nor the packet header, so:
 * - `stats()` returns libpcap's counters {ps_recv, ps_drop, ps_ifdrop}: ps_drop is the only way
 *   to see packets the kernel dropped because the capture ring was full;
 * - the 'packet' event gets two more arguments, the capture timestamp in microseconds since the
 *   epoch and the original (wire) length, so live frames carry kernel timestamps and snapped
 *   frames their real length;
 * - `open()` takes an optional fifth argument {snaplen, promisc}: upstream always captures 65535
 *   bytes in promiscuous mode;
 * - with `{batch: true}` among open()'s options, frames are packed into the buffer given to open()
 *   (per frame: u32 captured length, u32 wire length, f64 timestamp in µs, little-endian, then
 *   the bytes) and one 'packets' event (count, bytes used) is emitted per run of frames libpcap
 *   has ready, or when the buffer is full, instead of one 'packet' event (a call into JavaScript)
 *   per frame; and libpcap is left out of immediate mode (50 ms read timeout instead), so that on
 *   Linux it uses TPACKET_V3, whose ring packs frames by their size: in immediate mode (TPACKET_V2)
 *   every slot is sized for the largest frame — 64 KiB when the interface does receive offload,
 *   as a veth does — and a 32 MiB buffer holds ~500 frames, a few milliseconds of traffic
 *   (docs/performance.md "Live capture");
 * - no "Warning: ... This may not actually work" on stderr when the interface has no IPv4
 *   address (a SPAN port usually has none): the netmask only matters for `broadcast` filters.
 * Existing callers are unaffected (extra arguments are ignored either way). LiveCapture uses all
 * of it when the loaded addon has `stats()` (see addonIsPatched in live.ts).
 */

const EMIT_ARGS =
  /Local<Value> emit_argv\[3\] = \{\s*Nan::New<String>\(packet_symbol\),\s*Nan::New<Number>\(copy_len\),\s*Nan::New<Boolean>\(truncated\)\s*\};\s*obj->async_res\.runInAsyncScope\(\s*Nan::New<Object>\(obj->persistent\(\)\),\s*Nan::New<Function>\(obj->Emit\),\s*3,\s*emit_argv\s*\);/;

const EMIT_ARGS_PATCHED = `Local<Value> emit_argv[5] = {
        Nan::New<String>(packet_symbol),
        Nan::New<Number>(copy_len),
        Nan::New<Boolean>(truncated),
        Nan::New<Number>((double)pkt_hdr->ts.tv_sec * 1e6 + (double)pkt_hdr->ts.tv_usec),
        Nan::New<Number>(pkt_hdr->len)
      };
      obj->async_res.runInAsyncScope(
        Nan::New<Object>(obj->persistent()),
        Nan::New<Function>(obj->Emit),
        5,
        emit_argv
      );`;

/** The start of the per-frame callback: batch mode appends the frame and returns. */
const EMIT_START = /Pcap \*obj = \(Pcap\*\) user;\s*size_t copy_len = pkt_hdr->caplen;/;

const EMIT_START_PATCHED = `Pcap *obj = (Pcap*) user;

      if (obj->batch_mode) {
        size_t len = pkt_hdr->caplen;
        if (16 + len > obj->buffer_length) len = obj->buffer_length - 16;
        if (obj->batch_used + 16 + len > obj->buffer_length) FlushBatch(obj);
        char *at = obj->buffer_data + obj->batch_used;
        uint32_t cap32 = (uint32_t)len;
        uint32_t wire32 = (uint32_t)pkt_hdr->len;
        double ts = (double)pkt_hdr->ts.tv_sec * 1e6 + (double)pkt_hdr->ts.tv_usec;
        memcpy(at, &cap32, 4);
        memcpy(at + 4, &wire32, 4);
        memcpy(at + 8, &ts, 8);
        memcpy(at + 16, pkt_data, len);
        obj->batch_used += 16 + len;
        obj->batch_count++;
        return;
      }

      size_t copy_len = pkt_hdr->caplen;`;

/** The batch's fields, next to the buffer's. */
const BUFFER_FIELDS = /char \*buffer_data;\s*size_t buffer_length;/;

const BUFFER_FIELDS_PATCHED = `char *buffer_data;
    size_t buffer_length;
    bool batch_mode = false;
    size_t batch_used = 0;
    uint32_t batch_count = 0;

    /** Batch mode: the frames packed so far go to JavaScript as one 'packets' event (count, bytes). */
    static void FlushBatch(Pcap *obj) {
      if (obj->batch_count == 0) return;
      Nan::HandleScope scope;
      Local<Value> argv[3] = {
        Nan::New<String>("packets").ToLocalChecked(),
        Nan::New<Number>(obj->batch_count),
        Nan::New<Number>((double)obj->batch_used)
      };
      obj->batch_count = 0;
      obj->batch_used = 0;
      obj->async_res.runInAsyncScope(
        Nan::New<Object>(obj->persistent()),
        Nan::New<Function>(obj->Emit),
        3,
        argv
      );
    }`;

/**
 * The read loop: in batch mode it also stops once half the buffer is packed, so that a steady
 * stream cannot keep the event loop from running (the workers' replies, timers: the fd stays
 * readable and libuv calls again after them); what is packed goes out after the loop.
 */
const DISPATCH_LOOP_END = /\} while \(packet_count > 0 && !obj->closing\);(\s*)(obj->handling_packets = false;)/g;

const CLOSE_METHOD = /static NAN_METHOD\(Close\) \{/;

const STATS_METHOD = `static NAN_METHOD(Stats) {
      Pcap *obj = Nan::ObjectWrap::Unwrap<Pcap>(info.This());
      if (obj->pcap_handle == nullptr || obj->closing)
        return Nan::ThrowError("Not currently capturing/open");
      struct pcap_stat ps;
      if (pcap_stats(obj->pcap_handle, &ps) != 0)
        return Nan::ThrowError(pcap_geterr(obj->pcap_handle));
      Local<Object> out = Nan::New<Object>();
      Nan::Set(out, Nan::New<String>("ps_recv").ToLocalChecked(), Nan::New<Number>(ps.ps_recv));
      Nan::Set(out, Nan::New<String>("ps_drop").ToLocalChecked(), Nan::New<Number>(ps.ps_drop));
      Nan::Set(out, Nan::New<String>("ps_ifdrop").ToLocalChecked(), Nan::New<Number>(ps.ps_ifdrop));
      info.GetReturnValue().Set(out);
    }

    static NAN_METHOD(Close) {`;

const LOOKUPNET_WARNING = /fprintf\(stderr, "Warning: %s - This may not actually work\\n", errbuf\);/;

const OPEN_BUFFER_SIZE = /int buffer_size = Nan::To<int32_t>\(info\[2\]\)\.FromJust\(\);/;

const OPEN_OPTIONS = `int buffer_size = Nan::To<int32_t>(info[2]).FromJust();
      int snaplen = 65535;
      int promisc = 1;
      if (info.Length() >= 5 && info[4]->IsObject()) {
        Local<Object> opts = Nan::To<Object>(info[4]).ToLocalChecked();
        Local<Value> v = Nan::Get(opts, Nan::New<String>("snaplen").ToLocalChecked()).ToLocalChecked();
        if (v->IsUint32()) snaplen = (int)Nan::To<uint32_t>(v).FromJust();
        v = Nan::Get(opts, Nan::New<String>("promisc").ToLocalChecked()).ToLocalChecked();
        if (v->IsBoolean()) promisc = Nan::To<bool>(v).FromJust() ? 1 : 0;
        v = Nan::Get(opts, Nan::New<String>("batch").ToLocalChecked()).ToLocalChecked();
        if (v->IsBoolean()) obj->batch_mode = Nan::To<bool>(v).FromJust();
      }`;

const SET_SNAPLEN = /pcap_set_snaplen\(obj->pcap_handle, 65535\)/;
const SET_TIMEOUT = /pcap_set_timeout\(obj->pcap_handle, 1000\)/;
const SET_IMMEDIATE = /if \(set_immediate_mode != nullptr\)(\s*)set_immediate_mode\(obj->pcap_handle, 1\);/;
const SET_PROMISC = /pcap_set_promisc\(obj->pcap_handle, 1\)/;

const REGISTER_CLOSE = /Nan::SetPrototypeMethod\(tpl, "close", Close\);/;

/** Returns the patched binding.cc; throws, naming the piece, if this cap version differs. */
export function patchCapBinding(source: string): string {
  for (const [what, re] of [
    ['the packet emit', EMIT_ARGS],
    ['the Close method', CLOSE_METHOD],
    ['the close registration', REGISTER_CLOSE],
    ['the pcap_lookupnet warning', LOOKUPNET_WARNING],
    ['the open() buffer size argument', OPEN_BUFFER_SIZE],
    ['the fixed snaplen', SET_SNAPLEN],
    ['the fixed promiscuous mode', SET_PROMISC],
    ['the per-frame callback', EMIT_START],
    ['the read timeout', SET_TIMEOUT],
    ['the immediate mode', SET_IMMEDIATE],
    ['the buffer fields', BUFFER_FIELDS],
    ['the pcap_dispatch loop', DISPATCH_LOOP_END],
  ] as const) {
    if (!re.test(source))
      throw new Error(`cap binding.cc: ${what} not found; review node/capture/cap-binding-patch.ts for this cap version`);
  }
  return source
    .replace(EMIT_ARGS, EMIT_ARGS_PATCHED)
    .replace(CLOSE_METHOD, STATS_METHOD)
    .replace(REGISTER_CLOSE, 'Nan::SetPrototypeMethod(tpl, "close", Close);\n      Nan::SetPrototypeMethod(tpl, "stats", Stats);')
    .replace(LOOKUPNET_WARNING, '')
    .replace(OPEN_BUFFER_SIZE, OPEN_OPTIONS)
    .replace(SET_SNAPLEN, 'pcap_set_snaplen(obj->pcap_handle, snaplen)')
    .replace(SET_PROMISC, 'pcap_set_promisc(obj->pcap_handle, promisc)')
    .replace(EMIT_START, EMIT_START_PATCHED)
    .replace(SET_TIMEOUT, 'pcap_set_timeout(obj->pcap_handle, obj->batch_mode ? 50 : 1000)')
    .replace(SET_IMMEDIATE, 'if (set_immediate_mode != nullptr && !obj->batch_mode)$1set_immediate_mode(obj->pcap_handle, 1);')
    .replace(BUFFER_FIELDS, BUFFER_FIELDS_PATCHED)
    .replace(
      DISPATCH_LOOP_END,
      '} while (packet_count > 0 && !obj->closing && !(obj->batch_mode && obj->batch_used >= obj->buffer_length / 2));$1if (!obj->closing) FlushBatch(obj);$1$2',
    );
}
