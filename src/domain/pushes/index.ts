export * from './types.js';
export * from './outbox.js';
export * from './locks.js';
