/**
 * A response whose header list is made when first read. Framing needs two fields, and most
 * analyses (attacks only: every response without attack hits in its request) read none, so a
 * response head keeps its field lines as one string and parses them on demand, instead of making
 * a string and a pair per field for every response.
 */
import { parseHeaderLines } from './head-parser';
import type { HeaderList, HttpBody, HttpResponse } from './types';

/** Who is told a response's header list once it is made: the connection's response parser. */
export interface ResponseFieldsNote {
  lastResponseFields: HeaderList | null;
}

export class ParsedResponse implements HttpResponse {
  private fields: HeaderList | null = null;
  declare trailers?: HeaderList;

  constructor(
    public status: number,
    public reason: string,
    public version: string,
    /** The field lines as received (latin1, one character per byte), up to and with the empty line. */
    private readonly fieldLines: string,
    public body: HttpBody,
    public startTs: number,
    public endTs: number,
    /**
     * The headers of the connection's previous response, when they were read: fields sent again
     * reuse their strings (parseHeaderLines `previous`). Dropped once this list is made, so
     * responses never hold a chain of their predecessors.
     */
    private previous: HeaderList | null = null,
    /** Told this response's header list once it is made (the parser's note for its next response). */
    private readonly madeInto: ResponseFieldsNote | null = null,
  ) {}

  get headers(): HeaderList {
    if (this.fields === null) {
      // Malformed lines were reported when the head was parsed: here they are only skipped again.
      this.fields = [];
      parseHeaderLines(Buffer.from(this.fieldLines, 'latin1'), 0, this.fieldLines.length, this.fields, [], null, this.previous);
      this.previous = null;
      if (this.madeInto !== null) this.madeInto.lastResponseFields = this.fields;
    }
    return this.fields;
  }

  set headers(headers: HeaderList) {
    this.fields = headers;
  }
}
