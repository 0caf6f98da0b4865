/**
 * A minimal h2c server for the live tests: answers `Upgrade: h2c` with 101 and then speaks
 * HTTP/2 (RFC 7540 3.2: the response to the upgrade request on stream 1), and answers every later
 * request stream with a short text. Neither nghttpd nor Node's http2 accepts the upgrade, so the
 * real clients (curl --http2, nghttp -u) are tested against this. Usage: PORT.
 */
import net from 'node:net';
import { F, T, data, frame, headers, response } from '../../gen/h2';

const port = Number(process.argv[2]);
const server = net.createServer((sock) => {
  let buf = Buffer.alloc(0);
  let upgraded = false;
  let prefaceSeen = false;
  const answer = (id: number, path: string) => {
    sock.write(
      Buffer.concat([
        headers(
          id,
          response(200, [
            ['content-type', 'text/plain'],
            ['server', 'h2c-test'],
          ]),
        ),
        data(id, `h2c answer to ${path}`),
      ]),
    );
  };
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    if (!upgraded) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      buf = buf.subarray(end + 4);
      upgraded = true;
      sock.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
      sock.write(frame(T.SETTINGS, 0, 0));
      answer(1, head.split(' ')[1]);
    }
    if (!prefaceSeen) {
      if (buf.length < 24) return;
      buf = buf.subarray(24);
      prefaceSeen = true;
    }
    while (buf.length >= 9) {
      const len = buf.readUIntBE(0, 3);
      if (buf.length < 9 + len) return;
      const type = buf[3];
      const flags = buf[4];
      const id = buf.readUInt32BE(5) & 0x7fffffff;
      buf = buf.subarray(9 + len);
      if (type === T.SETTINGS && !(flags & F.ACK)) sock.write(frame(T.SETTINGS, F.ACK, 0));
      else if (type === T.HEADERS && id > 1) answer(id, `stream ${id}`);
      else if (type === T.GOAWAY) sock.end();
    }
  });
  sock.on('error', () => {});
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
