/** A migration that cannot go on: the message says why and what to do. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}
