/** Placeholders of one expression: `#a0`, `:v0`, ... */
export class Expr {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly byName = new Map<string, string>();
  private n = 0;

  name(attr: string): string {
    let ph = this.byName.get(attr);
    if (!ph) {
      ph = `#a${this.byName.size}`;
      this.byName.set(attr, ph);
      this.names[ph] = attr;
    }
    return ph;
  }

  value(v: unknown): string {
    const ph = `:v${this.n++}`;
    this.values[ph] = v;
    return ph;
  }

  /** Names and values for a command, without empty maps (DynamoDB refuses them). */
  spread(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}
