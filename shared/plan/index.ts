export { WritePlan } from './write-plan';
export { inversesOf, type InverseOf } from './inverses';
export { summarizePlan, type WouldWrite } from './summary';
export * from './types';
export { afterUpdate } from './after';
