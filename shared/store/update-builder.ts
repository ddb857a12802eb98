import { Expr } from './expressions';
import type { Key } from './keys';
import type { TransactItem } from './types';

type Verb = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

/**
 * One UpdateItem: its clauses and its condition, with the placeholders they share. A record's
 * change and its undo are two builders filled side by side, so that each owns its expression.
 */
export class UpdateBuilder {
  private readonly expr = new Expr();
  private readonly clauses: Record<Verb, string[]> = { SET: [], REMOVE: [], ADD: [], DELETE: [] };
  private readonly conditions: string[] = [];

  /** Sets an attribute, or removes it when `value` is undefined (an empty value is not stored). */
  set(attr: string, value: unknown): this {
    if (value === undefined) this.clauses.REMOVE.push(this.expr.name(attr));
    else this.clauses.SET.push(`${this.expr.name(attr)} = ${this.expr.value(value)}`);
    return this;
  }

  /** Adds to a number or to a set. */
  add(attr: string, value: number | Set<number>): this {
    this.clauses.ADD.push(`${this.expr.name(attr)} ${this.expr.value(value)}`);
    return this;
  }

  /** Removes values from a set. */
  remove(attr: string, values: Set<number>): this {
    this.clauses.DELETE.push(`${this.expr.name(attr)} ${this.expr.value(values)}`);
    return this;
  }

  /** Requires the attribute to hold `value` (absent when undefined) when the update applies. */
  expect(attr: string, value: unknown): this {
    this.conditions.push(
      value === undefined ? `attribute_not_exists(${this.expr.name(attr)})` : `${this.expr.name(attr)} = ${this.expr.value(value)}`,
    );
    return this;
  }

  /** Requires the item to exist (an update would otherwise create it). */
  expectItem(): this {
    this.conditions.push(`attribute_exists(${this.expr.name('pk')})`);
    return this;
  }

  /** Whether it changes anything. */
  get empty(): boolean {
    return Object.values(this.clauses).every((list) => list.length === 0);
  }

  build(table: string, key: Key): TransactItem {
    const expression = (Object.entries(this.clauses) as [Verb, string[]][])
      .filter(([, list]) => list.length > 0)
      .map(([verb, list]) => `${verb} ${list.join(', ')}`)
      .join(' ');
    return {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: expression,
        ...(this.conditions.length > 0 ? { ConditionExpression: this.conditions.join(' AND ') } : {}),
        ...this.expr.spread(),
      },
    };
  }
}
