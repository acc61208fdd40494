import { ReactNode } from 'react';
import { SupportButton } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { catalogTranslationRef } from '@backstage/plugin-catalog';
import {
  CatalogFilterLayout,
  EntityListPagination,
  EntityListProvider,
} from '@backstage/plugin-catalog-react';
import { ButtonLink, Container, Header } from '@backstage/ui';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { CatalogHealthTable } from './CatalogHealthTable';

const useStyles = makeStyles({
  // The filter column is 2/12 of the content from the lg breakpoint (172 px at 1280 px), and
  // the user list picker's rows ("Owned", "Starred", "All" with their counts) keep 16 px on
  // the left and 48 px on the right for the count, which leaves "Owned" 46 px: it shows
  // "Ownec". The stock catalog page cuts them the same way; here narrower gutters give the
  // labels the room (the count keeps 28 px, enough for three digits).
  filters: {
    '& .MuiListItem-gutters': { paddingLeft: 8 },
    '& .MuiListItem-secondaryAction': { paddingRight: 36 },
    '& .MuiListItemSecondaryAction-root': { right: 8 },
  },
});

/**
 * The catalog index page of the new frontend system (its header, filters and pagination, as
 * `@backstage/plugin-catalog` lays them out) with the health columns in its table.
 */
export function CatalogHealthPage(props: {
  filters: ReactNode;
  pagination?: EntityListPagination;
}) {
  const orgName =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  const { t } = useTranslationRef(catalogTranslationRef);
  const classes = useStyles();
  return (
    <EntityListProvider pagination={props.pagination}>
      <Header
        title={t('indexPage.title', { orgName })}
        customActions={
          <>
            <ButtonLink variant="primary" href="/create">
              {t('indexPage.createButtonTitle')}
            </ButtonLink>
            <SupportButton>{t('indexPage.supportButtonContent')}</SupportButton>
          </>
        }
      />
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>
            <Box className={classes.filters} data-testid="catalog-filters">
              {props.filters}
            </Box>
          </CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogHealthTable />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
}
