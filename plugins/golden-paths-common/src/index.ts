/**
 * Shared types, annotations and API client of Runway's golden-paths plugin (template drift).
 * No Node, no React.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './api';
export * from './GoldenPathsClient';
