export { WritePlan } from './write-plan';
export { inversesOf, type InverseOf } from './inverses';
export * from './types';
export { afterUpdate } from './after';
