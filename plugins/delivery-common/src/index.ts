/**
 * Shared types, API client and permissions of Runway's delivery plugin (no Node, no React).
 *
 * @packageDocumentation
 */
export * from './events';
export * from './api';
export * from './DeliveryClient';
export * from './permissions';
export * from './webAddress';
