export * from './daily.js';
export * from './pushes.js';
