/**
 * Real 802.1Q / QinQ tags on live mirrored frames. This kernel has neither 8021q nor act_vlan,
 * so a tc eBPF program on the SPAN port's egress calls bpf_skb_vlan_push. There is no clang here,
 * but Debian's `llc` compiles LLVM IR to BPF, so the program is written in IR (LLVM 14, typed
 * pointers). The VID depends on the frame's IPv4 addresses, which lets one mirror carry two VIDs:
 * frames from or to `altIp` get `altVid`, all others `vid`; with `outerVid` an 802.1ad (0x88a8)
 * outer tag is pushed on top.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface VlanTagging {
  vid: number;
  altIp: string;
  altVid: number;
  outerVid?: number;
}

/** TPIDs as the helper wants them (__be16), read as little-endian i16 values. */
const TPID_8021Q_BE = 0x0081;
const TPID_8021AD_BE = 0xa888 - 0x10000;
const BPF_FUNC_SKB_VLAN_PUSH = 18;
const BPF_FUNC_SKB_LOAD_BYTES = 26;
/** Ethernet header (14) + offset of the IPv4 source address (12); source and destination follow. */
const IPV4_ADDRS_OFFSET = 26;

function vid(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 4094) throw new Error(`VLAN id ${n} is outside 1..4094`);
  return n;
}

/** The IPv4 address as the u32 a little-endian load of its four wire bytes gives. */
function ipAsLoadedLe(ip: string): number {
  const b = ip.split('.').map(Number);
  return (b[3] << 24) | (b[2] << 16) | (b[1] << 8) | b[0] | 0;
}

export function vlanPushIr(t: VlanTagging): string {
  const alt = ipAsLoadedLe(t.altIp);
  const outer =
    t.outerVid === undefined ? '' : `  %o = call i64 %push(i8* %skb, i16 ${TPID_8021AD_BE}, i16 ${vid(t.outerVid)})\n`;
  return `target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@_license = global [4 x i8] c"GPL\\00", section "license", align 1

define i32 @vlan_push(i8* %skb) section "tc" {
entry:
  %addrs = alloca i64, align 8
  store i64 0, i64* %addrs, align 8
  %buf = bitcast i64* %addrs to i8*
  %load = inttoptr i64 ${BPF_FUNC_SKB_LOAD_BYTES} to i64 (i8*, i32, i8*, i32)*
  %l = call i64 %load(i8* %skb, i32 ${IPV4_ADDRS_OFFSET}, i8* %buf, i32 8)
  %v = load i64, i64* %addrs, align 8
  %src = trunc i64 %v to i32
  %hi = lshr i64 %v, 32
  %dst = trunc i64 %hi to i32
  %s = icmp eq i32 %src, ${alt}
  %d = icmp eq i32 %dst, ${alt}
  %isAlt = or i1 %s, %d
  %vid = select i1 %isAlt, i16 ${vid(t.altVid)}, i16 ${vid(t.vid)}
  %push = inttoptr i64 ${BPF_FUNC_SKB_VLAN_PUSH} to i64 (i8*, i16, i16)*
  %p = call i64 %push(i8* %skb, i16 ${TPID_8021Q_BE}, i16 %vid)
${outer}  ret i32 0
}
`;
}

/** Writes and compiles the program into `dir`; returns the object file for `tc ... bpf da obj`. */
export function compileVlanPush(t: VlanTagging, dir: string): string {
  const ll = path.join(dir, 'vlan-push.ll');
  const obj = path.join(dir, 'vlan-push.o');
  writeFileSync(ll, vlanPushIr(t));
  const r = spawnSync('llc', ['-march=bpf', '-filetype=obj', '-o', obj, ll], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`llc -march=bpf failed on ${ll}: ${r.error?.message ?? r.stderr.trim()}`);
  return obj;
}
