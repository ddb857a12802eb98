export { logger } from './logger';
export { tracer, traced } from './tracer';
export { observability } from './middleware';
export { API_LOG_NOT_WRITTEN } from './messages';
