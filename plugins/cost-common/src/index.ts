/**
 * Shared types and API client of Runway's cost plugin (no Node, no React).
 *
 * @packageDocumentation
 */
export * from './api';
export * from './CostClient';
export * from './formatCost';
export * from './permissions';
