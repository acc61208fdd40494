import { Fragment, useMemo } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import Grid from '@material-ui/core/Grid';
import { Header } from '@backstage/ui';
import { Content } from '@backstage/core-components';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useServiceHealth } from '../health/useServiceHealth';
import {
  MyServicesCard,
  NeedsAttentionCard,
  PendingApprovalsCard,
} from './sections';
import { useMyServices } from './useMyServices';

/**
 * The personal home, the page after sign-in: My services with their health, pending
 * environment approvals and what needs attention, then the home page's widgets (search,
 * getting started, starred, recently visited) in the order and widths of `defaultConfig`.
 *
 * A catalog link of the form `/?filters[...]=...` (the catalog's query string on the
 * portal's root) still reaches the catalog, with its query.
 */
export function HomeLayout(props: HomePageLayoutProps) {
  const location = useLocation();
  const services = useMyServices();
  const refs = useMemo(
    () =>
      services.state === 'loaded'
        ? services.services.map(entity => stringifyEntityRef(entity))
        : [],
    [services],
  );
  const health = useServiceHealth(refs);

  const widgets = useMemo(() => {
    const placement = new Map(
      (props.defaultConfig ?? []).map(item => [item.component, item]),
    );
    return props.widgets
      .map(widget => ({ widget, place: placement.get(widget.name ?? '') }))
      .filter(({ place }) => place)
      .sort(
        (a, b) =>
          a.place!.row - b.place!.row || a.place!.column - b.place!.column,
      );
  }, [props.widgets, props.defaultConfig]);

  if (new URLSearchParams(location.search).has('filters[kind]')) {
    return <Navigate to={`/catalog${location.search}`} replace />;
  }

  return (
    <>
      <Header title="Home" />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <MyServicesCard services={services} health={health} />
          </Grid>
          <Grid item xs={12} md={6}>
            <PendingApprovalsCard />
          </Grid>
          <Grid item xs={12} md={6}>
            <NeedsAttentionCard services={services} health={health} />
          </Grid>
          {widgets.map(({ widget, place }, index) => (
            <Grid
              item
              xs={12}
              md={Math.min(12, Math.max(1, place!.width)) as 12}
              key={widget.name ?? index}
            >
              <Fragment>{widget.component}</Fragment>
            </Grid>
          ))}
        </Grid>
      </Content>
    </>
  );
}
