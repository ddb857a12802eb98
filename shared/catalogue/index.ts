export { buildCatalogue, catalogueOf, type Catalogue, type CatalogueOptions } from './registry';
export { ATTACHMENT_MODEL } from './models/ir_attachment';
export { CatalogueError } from './errors';
export { models as demoModels } from './demo';
export { catalogue } from './running';
export type * from './types';
