/**
 * Runway's golden-paths plugin: the Golden path card (template drift) of components created
 * from a software template. The new frontend system uses the default export of `./alpha`.
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin, EntityGoldenPathCard } from './plugin';
export { goldenPathsApiRef } from './api';
export { isGoldenPathAvailable } from './isGoldenPathAvailable';
