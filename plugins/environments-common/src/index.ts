/**
 * Shared types, lifecycle transitions, permissions and the API client of Runway's
 * self-service environments (no Node, no React).
 *
 * @packageDocumentation
 */
export * from './api';
export * from './EnvironmentsClient';
export * from './permissions';
export * from './transitions';
export * from './types';
