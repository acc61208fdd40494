/**
 * Request parsing shared by Runway's backend plugins, so that an entity ref or a time window
 * means the same thing, and fails with the same words, on every endpoint.
 *
 * @packageDocumentation
 */
export * from './callers';
export * from './entityRefs';
export * from './timeWindow';
