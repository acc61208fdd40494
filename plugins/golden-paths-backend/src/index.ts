/**
 * Runway's golden-paths backend plugin: template drift ("upgrade available").
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin as default } from './plugin';
