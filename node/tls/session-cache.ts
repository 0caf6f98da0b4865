/**
 * TLS 1.2 sessions seen decrypted, by session id and by ticket, so that a later connection that
 * resumes one can be decrypted even when the key log has no line for its own client random
 * (docs/tls.md). Bounded like the key store (tls.keys_max entries each, oldest dropped first).
 */
export class SessionCache {
  private readonly ids = new Map<string, Buffer>();
  private readonly tickets = new Map<string, Buffer>();

  constructor(private readonly maxEntries: number) {}

  rememberSessionId(id: Buffer, master: Buffer): void {
    put(this.ids, id.toString('hex'), master, this.maxEntries);
  }

  rememberTicket(ticket: Buffer, master: Buffer): void {
    put(this.tickets, ticket.toString('hex'), master, this.maxEntries);
  }

  bySessionId(id: Buffer): Buffer | null {
    return this.ids.get(id.toString('hex')) ?? null;
  }

  byTicket(ticket: Buffer): Buffer | null {
    return this.tickets.get(ticket.toString('hex')) ?? null;
  }
}

function put(map: Map<string, Buffer>, key: string, value: Buffer, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
