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
import { CatalogHealthTable } from './CatalogHealthTable';

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
            {props.filters}
          </CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogHealthTable />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
}
