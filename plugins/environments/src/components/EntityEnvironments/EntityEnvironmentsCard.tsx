import {
  ContentHeader,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Button } from '@material-ui/core';
import {
  ACTIVE_STATES,
  EnvironmentRequest,
} from '@runway/plugin-environments-common';
import { useState } from 'react';
import { EnvironmentTable } from '../common/EnvironmentTable';
import { NotConfigured } from '../common/NotConfigured';
import { RequestDialog } from '../common/RequestDialog';
import {
  useCatalogue,
  useEnvironmentRequests,
} from '../common/useEnvironments';

/**
 * The environments of the service on the page: live ones on the card, every one (with the
 * requests waiting for the caller's approval first) on the tab.
 */
export function EntityEnvironmentsCard(props: { variant?: 'card' | 'tab' }) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const tab = props.variant === 'tab';
  const catalogue = useCatalogue();
  const list = useEnvironmentRequests({
    view: 'all',
    entityRef,
    states: tab ? undefined : [...ACTIVE_STATES],
  });
  const [requesting, setRequesting] = useState(false);
  const configured = catalogue.value?.configured === true;

  const requestButton = (
    <Button
      color="primary"
      variant={tab ? 'contained' : 'text'}
      disabled={!configured}
      onClick={() => setRequesting(true)}
    >
      Request an environment
    </Button>
  );

  let body;
  if (list.error || catalogue.error) {
    body = <ResponseErrorPanel error={(list.error ?? catalogue.error)!} />;
  } else if (!list.value || catalogue.loading) {
    // The table waits for the type catalogue too (its empty state and the extend action read
    // it): drawn with the list alone, it would be drawn again, whole, when the catalogue
    // answers. On a service's Overview the list is often there first (the service health card
    // asked for it while the page loaded), and the second drawing came while the page was still
    // rendering its other cards.
    body = <Progress />;
  } else {
    const awaitingMe = list.value.filter(request =>
      request.allowedActions.includes('approve'),
    );
    const table = (
      title: string | undefined,
      items: EnvironmentRequest[],
      older?: { onShow: () => void; loading: boolean },
    ) => (
      <EnvironmentTable
        older={older}
        title={title}
        items={items}
        catalogue={catalogue.value}
        showService={false}
        emptyContent={
          catalogue.value && !configured ? (
            <NotConfigured catalogue={catalogue.value} />
          ) : (
            <EmptyState
              missing="data"
              title={`No ${tab ? '' : 'live '}environments for ${
                entity.metadata.name
              }`}
              description={`Request one: pick a type and a size and see the estimate before submitting. Environments are approved automatically or by ${entity.metadata.name}'s owning team.`}
              action={requestButton}
            />
          )
        }
        onChanged={list.retry}
      />
    );
    body = (
      <>
        {tab &&
          awaitingMe.length > 0 &&
          table('Waiting for your approval', awaitingMe)}
        {/* On the overview the card's own header names it. */}
        {table(
          tab ? 'Environments' : undefined,
          list.value,
          list.hasOlder
            ? { onShow: list.showOlder, loading: list.loadingOlder }
            : undefined,
        )}
      </>
    );
  }

  return (
    <>
      {tab ? (
        <>
          <ContentHeader title="Environments">{requestButton}</ContentHeader>
          {body}
        </>
      ) : (
        <InfoCard title="Environments" action={requestButton} noPadding>
          {body}
        </InfoCard>
      )}
      {requesting && configured && catalogue.value && (
        <RequestDialog
          catalogue={catalogue.value}
          entityRef={entityRef}
          onClose={() => setRequesting(false)}
          onCreated={() => {
            setRequesting(false);
            list.retry();
          }}
        />
      )}
    </>
  );
}

/** The Environments tab of a service. */
export function EntityEnvironmentsContent() {
  return <EntityEnvironmentsCard variant="tab" />;
}
