import { Alert, Anchor, Breadcrumbs, Group, Select, Tabs, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { AgreementPanel } from '../../agreements/components/agreement-panel.tsx';
import { GoalsPanel } from '../../goals/components/goals-panel.tsx';
import { MeetingsPanel } from '../../meetings/components/meetings-panel.tsx';
import { NotesPanel } from '../../notes/components/notes-panel.tsx';
import { useMyRelationships, useRelationship } from '../../relationships/api/relationships.api.ts';
import { RelationshipStatusBadge } from '../../relationships/components/relationship-status-badge.tsx';
import { ResourcesPanel } from '../../resources/components/resources-panel.tsx';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../workspace-context.ts';
import { WorkspaceOverview } from './workspace-overview.tsx';

const TABS = [
  { value: 'overview', label: 'Overview' },
  { value: 'agreement', label: 'Agreement' },
  { value: 'goals', label: 'Goals' },
  { value: 'meetings', label: 'Meetings' },
  { value: 'notes', label: 'Notes' },
  { value: 'resources', label: 'Resources' },
] as const;
type TabValue = (typeof TABS)[number]['value'];

const WORKSPACE_STATUSES = new Set(['active', 'completed', 'ended_early']);

/** The pair's shared workspace: one page per relationship, a tab per part, a switcher between relationships. */
export function WorkspacePage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const detail = useRelationship(id);
  const mine = useMyRelationships('all');
  const active: TabValue = TABS.some((item) => item.value === tab) ? (tab as TabValue) : 'overview';
  const activeLabel = TABS.find((item) => item.value === active)?.label ?? '';

  if (detail.isPending || me.isPending) return <LoadingState label="Opening the workspace…" />;
  if (detail.isError) {
    return (
      <ErrorState
        error={detail.error}
        title="This workspace could not be opened"
        onRetry={() => detail.refetch()}
      />
    );
  }
  const data = detail.data;
  if (data.viewerRole === 'staff' || !WORKSPACE_STATUSES.has(data.status)) {
    return (
      <EmptyState
        order={1}
        title={
          data.viewerRole === 'staff' ? 'This workspace belongs to the pair' : 'The workspace is not open yet'
        }
        description={
          data.viewerRole === 'staff'
            ? 'Program staff see the relationship’s status, ratings and survey results in the program, not the pair’s workspace.'
            : 'It opens when the mentor accepts the relationship.'
        }
      />
    );
  }
  const myRole = data.viewerRole;
  const partner = myRole === 'mentor' ? data.mentee : data.mentor;
  const self = myRole === 'mentor' ? data.mentor : data.mentee;
  const workspace: WorkspaceContext = {
    relationshipId: data.id,
    program: data.program,
    myRole,
    me: { personId: self.personId, name: self.name },
    partner,
    readOnly: data.status !== 'active',
  };
  const others = (mine.data?.items ?? []).filter((item) => WORKSPACE_STATUSES.has(item.status));
  const base = `/mentoring/relationships/${id}`;

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb" separator="›">
        <Anchor component={Link} to="/mentoring/relationships" size="sm">
          My mentoring
        </Anchor>
        <Text size="sm" c="dimmed">
          {partner.name}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>
              {myRole === 'mentor' ? 'Mentoring' : 'Mentored by'} {partner.name}
            </span>
            <RelationshipStatusBadge status={data.status} />
          </Group>
        }
        documentTitle={`${activeLabel} · ${partner.name}`}
        description={`${data.program.name} · you are the ${myRole}`}
        actions={
          others.length > 1 ? (
            <Select
              aria-label="Switch to another relationship"
              data={others.map((item) => ({
                value: item.id,
                label: `${item.partner.name} (${item.myRole === 'mentor' ? 'mentee' : 'mentor'}, ${item.program.name})`,
              }))}
              value={id}
              allowDeselect={false}
              onChange={(value) =>
                value &&
                navigate(`/mentoring/relationships/${value}${active === 'overview' ? '' : `/${active}`}`)
              }
              w={320}
            />
          ) : undefined
        }
      />
      {workspace.readOnly && (
        <Alert color="gray" variant="light" icon={<IconLock aria-hidden="true" />} mb="md" title="Read-only">
          This relationship has {data.status === 'completed' ? 'been completed' : 'ended'}: everything stays
          here for you to read, but nothing can be changed.
        </Alert>
      )}
      <Tabs
        value={active}
        onChange={(value) => navigate(value === 'overview' ? base : `${base}/${value}`)}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          {TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <WorkspaceOverview workspace={workspace} />
        </Tabs.Panel>
        <Tabs.Panel value="agreement">
          <AgreementPanel workspace={workspace} />
        </Tabs.Panel>
        <Tabs.Panel value="goals">
          <GoalsPanel workspace={workspace} />
        </Tabs.Panel>
        <Tabs.Panel value="meetings">
          <MeetingsPanel workspace={workspace} />
        </Tabs.Panel>
        <Tabs.Panel value="notes">
          <NotesPanel workspace={workspace} />
        </Tabs.Panel>
        <Tabs.Panel value="resources">
          <ResourcesPanel workspace={workspace} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
