import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Badge, Button, Tab, Tabs } from '@material-ui/core';
import { EnvironmentListView } from '@runway/plugin-environments-common';
import { useState } from 'react';
import { EnvironmentTable } from '../common/EnvironmentTable';
import { NotConfigured } from '../common/NotConfigured';
import { RequestDialog } from '../common/RequestDialog';
import {
  useCatalogue,
  useEnvironmentRequests,
} from '../common/useEnvironments';

const VIEWS: Array<{
  view: EnvironmentListView;
  label: string;
  empty: { title: string; description: string };
}> = [
  {
    view: 'mine',
    label: 'Mine',
    empty: {
      title: 'You have no environments',
      description:
        'Request one with "Request an environment": pick the service, a type and a size, and see what it costs before you submit.',
    },
  },
  {
    view: 'team',
    label: "My teams'",
    empty: {
      title: 'Your teams have no environments',
      description:
        'Environments requested for services your teams own (spec.owner in their catalog entries) appear here.',
    },
  },
  {
    view: 'pending-approval',
    label: 'Pending my approval',
    empty: {
      title: 'Nothing waits for your approval',
      description:
        "Requests that need an approver (a type without auto-approval, or over its budget) appear here for the owning team's members and the type's approvers.",
    },
  },
];

/** My environments, my teams', and the requests waiting for my approval. */
export function EnvironmentsView() {
  const [tab, setTab] = useState(0);
  const [requesting, setRequesting] = useState(false);
  const catalogue = useCatalogue();
  const current = VIEWS[tab];
  const list = useEnvironmentRequests({ view: current.view });
  const pending = useEnvironmentRequests({ view: 'pending-approval' });
  const reload = () => {
    list.retry();
    pending.retry();
  };

  if (catalogue.error) {
    return <ResponseErrorPanel error={catalogue.error} />;
  }
  const configured = catalogue.value?.configured === true;
  return (
    <>
      <ContentHeader title="Environments">
        <Button
          variant="contained"
          color="primary"
          disabled={!configured}
          onClick={() => setRequesting(true)}
        >
          Request an environment
        </Button>
      </ContentHeader>
      <Tabs
        value={tab}
        onChange={(_, index) => setTab(index)}
        indicatorColor="primary"
      >
        {VIEWS.map(view => (
          <Tab
            key={view.view}
            label={
              view.view === 'pending-approval' && pending.value?.length ? (
                <Badge
                  color="secondary"
                  // The first page's count, and a "+" when there are more pages.
                  badgeContent={`${pending.value.length}${
                    pending.hasOlder ? '+' : ''
                  }`}
                >
                  {view.label}
                </Badge>
              ) : (
                view.label
              )
            }
          />
        ))}
      </Tabs>
      {list.loading && !list.value && <Progress />}
      {list.error && <ResponseErrorPanel error={list.error} />}
      {list.value && !list.error && (
        <EnvironmentTable
          title={current.label}
          items={list.value}
          catalogue={catalogue.value}
          emptyContent={
            catalogue.value && !configured ? (
              <NotConfigured catalogue={catalogue.value} />
            ) : (
              <EmptyState
                missing="data"
                title={current.empty.title}
                description={current.empty.description}
              />
            )
          }
          onChanged={reload}
          older={
            list.hasOlder
              ? { onShow: list.showOlder, loading: list.loadingOlder }
              : undefined
          }
        />
      )}
      {requesting && configured && catalogue.value && (
        <RequestDialog
          catalogue={catalogue.value}
          onClose={() => setRequesting(false)}
          onCreated={() => {
            setRequesting(false);
            setTab(0);
            reload();
          }}
        />
      )}
    </>
  );
}

/** The Environments page with its header, for the legacy app. */
export function EnvironmentsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Environments"
        subtitle="Request, approve, extend and destroy environments for your services"
      />
      <Content>
        <EnvironmentsView />
      </Content>
    </Page>
  );
}
