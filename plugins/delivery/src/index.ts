/**
 * Runway's delivery frontend: the Delivery tab of service pages, team and system rollups and
 * the delivery overview page. The new frontend system's plugin is the default export of
 * `@runway/plugin-delivery/alpha`.
 *
 * @packageDocumentation
 */
export {
  deliveryPlugin,
  DeliveryOverviewPage,
  EntityDeliveryContent,
  EntityDeliveryOwnershipCard,
  EntityDeliveryRollupCard,
  EntityDoraCard,
  EntityPipelinesCard,
  EntityTeamHealthCard,
} from './plugin';
export { deliveryApiRef } from './api';
export { deliveryOverviewRouteRef } from './routes';
export type { EntityDeliveryContentProps } from './components/DeliveryContent/DeliveryContent';
export type { EntityDoraCardProps } from './components/DoraCard/DoraCard';
