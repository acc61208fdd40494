import {
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  CompoundEntityRef,
  Entity,
  GroupEntity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** Annotations the card reads; `runway.dev/*` ones are documented in the plugin README. */
export const OWNERSHIP_ANNOTATIONS = {
  chatChannel: 'runway.dev/chat-channel',
  chatUrl: 'runway.dev/chat-url',
  pagerDuty: 'pagerduty.com/service-id',
  sourceTemplate: 'backstage.io/source-template',
  templateVersion: 'runway.dev/template-version',
};

const MAX_MEMBERS_SHOWN = 8;

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  members: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    listStyle: 'none',
    padding: 0,
    margin: 0,
  },
  member: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
}));

function ownerRefOf(entity: Entity): CompoundEntityRef | undefined {
  const [owner] = getEntityRelations(entity, RELATION_OWNED_BY);
  if (owner) {
    return owner;
  }
  const specOwner = entity.spec?.owner;
  return typeof specOwner === 'string'
    ? parseEntityRef(specOwner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace,
      })
    : undefined;
}

function repositoryUrl(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  if (annotations[ANNOTATION_VIEW_URL]) {
    return annotations[ANNOTATION_VIEW_URL];
  }
  if (annotations['github.com/project-slug']) {
    return `https://github.com/${annotations['github.com/project-slug']}`;
  }
  if (annotations['gitlab.com/project-slug']) {
    return `https://gitlab.com/${annotations['gitlab.com/project-slug']}`;
  }
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  return source?.startsWith('url:') ? source.slice(4) : undefined;
}

const sameRef = (entity: Entity, ref: CompoundEntityRef) =>
  stringifyEntityRef(entity) === stringifyEntityRef(ref);

/** Who owns the entity, who is in the team and how to reach them: one catalog query. */
function useOwnership(entity: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const ownerRef = ownerRefOf(entity);
  const [systemRef] = getEntityRelations(entity, RELATION_PART_OF, {
    kind: 'system',
  });
  const key = [ownerRef, systemRef]
    .map(ref => (ref ? stringifyEntityRef(ref) : ''))
    .join(' ');
  return useAsync(async () => {
    if (!ownerRef) {
      return undefined;
    }
    const byRef = (ref: CompoundEntityRef) => ({
      kind: ref.kind,
      'metadata.namespace': ref.namespace,
      'metadata.name': ref.name,
    });
    const { items } = await catalogApi.getEntities({
      filter: [
        byRef(ownerRef),
        { kind: 'user', 'relations.memberof': stringifyEntityRef(ownerRef) },
        ...(systemRef ? [byRef(systemRef)] : []),
      ],
    });
    const owner = items.find(item => sameRef(item, ownerRef));
    return {
      ownerRef,
      owner,
      members: items.filter(
        (item): item is UserEntity =>
          item.kind.toLocaleLowerCase('en-US') === 'user' &&
          !sameRef(item, ownerRef),
      ),
      system: systemRef
        ? items.find(item => sameRef(item, systemRef))
        : undefined,
      systemRef,
    };
  }, [catalogApi, key]);
}

function Fact(props: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

/**
 * The owning team with its members and contacts, on-call, lifecycle, system and domain,
 * repository and the golden-path template the entity came from.
 */
export function EntityOwnershipCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const { value, loading, error } = useOwnership(entity);

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = (
      <EmptyState
        missing="field"
        title="No owner"
        description={`${stringifyEntityRef(
          entity,
        )} names no owner. Set spec.owner to the team that runs it:`}
        action={
          <CodeSnippet
            language="yaml"
            showCopyCodeButton
            text={'spec:\n  owner: group:default/<team>'}
          />
        }
      />
    );
  } else {
    const { owner, ownerRef, members, system, systemRef } = value;
    const annotations = entity.metadata.annotations ?? {};
    const ownerAnnotations = owner?.metadata.annotations ?? {};
    const profile = (owner as GroupEntity | UserEntity | undefined)?.spec
      ?.profile;
    const chatChannel = ownerAnnotations[OWNERSHIP_ANNOTATIONS.chatChannel];
    const chatUrl = ownerAnnotations[OWNERSHIP_ANNOTATIONS.chatUrl];
    const pagerDuty =
      annotations[OWNERSHIP_ANNOTATIONS.pagerDuty] ??
      ownerAnnotations[OWNERSHIP_ANNOTATIONS.pagerDuty];
    const domain = system?.spec?.domain;
    const repository = repositoryUrl(entity);
    const template = annotations[OWNERSHIP_ANNOTATIONS.sourceTemplate];
    const templateVersion = annotations[OWNERSHIP_ANNOTATIONS.templateVersion];

    content = (
      <dl className={classes.facts}>
        <Fact term="Owner">
          <EntityRefLink entityRef={ownerRef} />
          {!owner && (
            <Typography variant="caption" color="error" display="block">
              not found in the catalog
            </Typography>
          )}
          {owner?.metadata.description && (
            <Typography variant="body2" color="textSecondary">
              {owner.metadata.description}
            </Typography>
          )}
        </Fact>
        {(profile?.email || chatChannel) && (
          <Fact term="Contact">
            {profile?.email && (
              <Box>
                <Link to={`mailto:${profile.email}`}>{profile.email}</Link>
              </Box>
            )}
            {chatChannel && (
              <Box>
                {chatUrl ? (
                  <Link to={chatUrl}>{chatChannel}</Link>
                ) : (
                  chatChannel
                )}
              </Box>
            )}
          </Fact>
        )}
        <Fact term="On call">
          {pagerDuty ? (
            <Link
              to={`https://app.pagerduty.com/service-directory/${encodeURIComponent(
                pagerDuty,
              )}`}
            >
              PagerDuty service {pagerDuty}
            </Link>
          ) : (
            <Typography variant="body2" color="textSecondary">
              no paging service ({OWNERSHIP_ANNOTATIONS.pagerDuty})
            </Typography>
          )}
        </Fact>
        {members.length > 0 && (
          <Fact term="Members">
            <ul className={classes.members}>
              {members.slice(0, MAX_MEMBERS_SHOWN).map(member => (
                <li key={member.metadata.name} className={classes.member}>
                  <EntityRefLink
                    entityRef={member}
                    title={member.spec.profile?.displayName}
                  />
                </li>
              ))}
            </ul>
            {members.length > MAX_MEMBERS_SHOWN && (
              <Typography variant="caption" color="textSecondary">
                and {members.length - MAX_MEMBERS_SHOWN} more
              </Typography>
            )}
          </Fact>
        )}
        <Fact term="Lifecycle">
          {entity.spec?.lifecycle?.toString() ?? '–'}
        </Fact>
        <Fact term="System">
          {systemRef ? <EntityRefLink entityRef={systemRef} /> : '–'}
        </Fact>
        <Fact term="Domain">
          {typeof domain === 'string' ? (
            <EntityRefLink
              entityRef={parseEntityRef(domain, {
                defaultKind: 'domain',
                defaultNamespace: system?.metadata.namespace,
              })}
            />
          ) : (
            '–'
          )}
        </Fact>
        <Fact term="Repository">
          {repository ? <Link to={repository}>{repository}</Link> : '–'}
        </Fact>
        {template && (
          <Fact term="Created from">
            <EntityRefLink
              entityRef={parseEntityRef(template, { defaultKind: 'template' })}
            />
            {templateVersion ? ` (version ${templateVersion})` : ''}
          </Fact>
        )}
      </dl>
    );
  }

  return (
    <InfoCard title="Ownership">
      <div data-testid="delivery-ownership-card">{content}</div>
    </InfoCard>
  );
}
