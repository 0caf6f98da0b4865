/** Step-by-step output of the installer: numbered steps on stdout, problems on stderr. */
export class Progress {
  private n = 0;

  constructor(
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  step(title: string): void {
    this.n += 1;
    this.out.write(`[${this.n}] ${title}\n`);
  }

  info(line: string): void {
    this.out.write(`    ${line}\n`);
  }

  error(message: string, details: string[] = []): void {
    this.err.write(`installer: error: ${message}\n`);
    for (const d of details) this.err.write(`    ${d}\n`);
  }
}
