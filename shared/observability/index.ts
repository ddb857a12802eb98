export { logger } from './logger';
export { tracer, traced } from './tracer';
export { observability } from './middleware';
