/**
 * Store trouble admins must hear of (disk full, a snapshot that cannot be written): each kind once
 * until it clears, logged as it comes and goes.
 */
export class Alarms {
  private readonly pending: string[] = [];
  private readonly raised = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  raise(kind: string, text: string, e: unknown): void {
    if (this.raised.has(kind)) return;
    this.log(`store: ${kind} failed: ${(e as Error).message}`);
    this.raised.add(kind);
    this.pending.push(text);
  }

  clear(kind: string): void {
    if (this.raised.delete(kind)) this.log(`store: ${kind} works again`);
  }

  /** The texts not yet told; taking them empties the list. */
  take(): string[] {
    return this.pending.splice(0);
  }
}
