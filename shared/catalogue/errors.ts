/** A mistake in a model file: raised while the catalogue is built, never during a request. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}
