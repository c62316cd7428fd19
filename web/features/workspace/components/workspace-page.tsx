import { Alert, Button, Group, Modal, Select, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconDoorExit, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { MyRelationship } from '../../../../src/contracts/relationships.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { tabFromUrl } from '../../../lib/url-tabs.ts';
import { AgreementPanel } from '../../agreements/components/agreement-panel.tsx';
import { GoalsPanel } from '../../goals/components/goals-panel.tsx';
import { MeetingsPanel } from '../../meetings/components/meetings-panel.tsx';
import { NotesPanel } from '../../notes/components/notes-panel.tsx';
import {
  relationshipStatusLabel,
  useMyRelationships,
  useRelationship,
  useRelationshipAction,
} from '../../relationships/api/relationships.api.ts';
import { RelationshipStatusBadge } from '../../relationships/components/relationship-status-badge.tsx';
import { ResourcesPanel } from '../../resources/components/resources-panel.tsx';
import { useMe } from '../../session/api/session.api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
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

const WORKSPACE_STATUSES = new Set(['active', 'completed', 'ended_early']);

/** The pair's shared workspace: one page per relationship, a tab per part, a switcher between relationships. */
export function WorkspacePage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const detail = useRelationship(id);
  const mine = useMyRelationships('all');
  const { value: active, label: activeLabel } = tabFromUrl(TABS, tab);

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
      <PageBreadcrumbs
        links={[{ to: '/mentoring/relationships', label: 'My mentoring' }]}
        current={partner.name}
      />
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
          <>
            {others.length > 1 && (
              <RelationshipSwitcher
                relationships={others}
                currentId={id}
                onSwitch={(value) =>
                  navigate(`/mentoring/relationships/${value}${active === 'overview' ? '' : `/${active}`}`)
                }
              />
            )}
            {!workspace.readOnly && (
              <LifecycleActions
                relationshipId={data.id}
                partnerName={partner.name}
                canComplete={data.availableActions.includes('complete')}
                canEnd={data.availableActions.includes('end_early')}
              />
            )}
          </>
        }
      />
      {workspace.readOnly && (
        <Alert color="gray" variant="light" icon={<IconLock aria-hidden="true" />} mb="md" title="Read-only">
          This relationship {data.status === 'completed' ? 'was completed' : 'ended early'}
          {data.endedAt ? ` on ${formatDate(data.endedAt)}` : ''}: everything stays here for you to read, but
          nothing can be changed. The program’s resources stay open to you.
          {data.status === 'ended_early' && data.reason && (
            <Text size="sm" mt={4}>
              Reason given: “{data.reason}”
            </Text>
          )}
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

function partnerRoleLabel(item: MyRelationship): string {
  return item.myRole === 'mentor' ? 'your mentee' : 'your mentor';
}

/** Jump to another of my relationships (a mentor of three, or someone both mentored and mentoring). */
function RelationshipSwitcher({
  relationships,
  currentId,
  onSwitch,
}: {
  relationships: MyRelationship[];
  currentId: string;
  onSwitch: (id: string) => void;
}) {
  // Name the program only when the person takes part in several: a mentor of three in one program sees names.
  const severalPrograms = new Set(relationships.map((item) => item.program.id)).size > 1;
  const option = (item: MyRelationship) => ({
    value: item.id,
    label: `${item.partner.name}${severalPrograms ? ` · ${item.program.name}` : ''}${
      item.status === 'active'
        ? ''
        : ` (${(relationshipStatusLabel[item.status] ?? item.status).toLowerCase()})`
    }`,
  });
  const groups = [
    { group: 'Your mentees', items: relationships.filter((item) => item.myRole === 'mentor').map(option) },
    { group: 'Your mentors', items: relationships.filter((item) => item.myRole === 'mentee').map(option) },
  ].filter((group) => group.items.length > 0);
  const current = relationships.find((item) => item.id === currentId);
  return (
    <Select
      label="Switch relationship"
      description={current ? `Now: ${current.partner.name}, ${partnerRoleLabel(current)}` : undefined}
      data={groups}
      value={currentId}
      allowDeselect={false}
      searchable={relationships.length > 6}
      nothingFoundMessage="No relationship with that name"
      comboboxProps={{ withinPortal: true }}
      onChange={(value) => value && value !== currentId && onSwitch(value)}
      w={320}
      data-testid="relationship-switcher"
    />
  );
}

/** End early (with a reason) or mark completed: either side of an active pair; the workspace then turns read-only. */
function LifecycleActions({
  relationshipId,
  partnerName,
  canComplete,
  canEnd,
}: {
  relationshipId: string;
  partnerName: string;
  canComplete: boolean;
  canEnd: boolean;
}) {
  const [dialog, setDialog] = useState<'end' | 'complete' | null>(null);
  if (!canComplete && !canEnd) return null;
  return (
    <>
      {canComplete && (
        <Button
          variant="default"
          leftSection={<IconCircleCheck size={18} aria-hidden="true" />}
          onClick={() => setDialog('complete')}
        >
          Mark completed
        </Button>
      )}
      {canEnd && (
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconDoorExit size={18} aria-hidden="true" />}
          onClick={() => setDialog('end')}
        >
          End early
        </Button>
      )}
      {dialog && (
        <LifecycleModal
          action={dialog}
          relationshipId={relationshipId}
          partnerName={partnerName}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

function LifecycleModal({
  action,
  relationshipId,
  partnerName,
  onClose,
}: {
  action: 'end' | 'complete';
  relationshipId: string;
  partnerName: string;
  onClose: () => void;
}) {
  const mutation = useRelationshipAction();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ending = action === 'end';

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (ending && !text.trim()) {
      setError('Tell us briefly why the relationship ends');
      return;
    }
    // mutateAsync, not mutate's callbacks: the mutation refreshes the relationship, the workspace turns read-only and
    // this dialog unmounts before a callback passed to mutate could run.
    mutation
      .mutateAsync(
        ending
          ? { id: relationshipId, action: 'end', body: { reason: text.trim() } }
          : { id: relationshipId, action: 'complete', body: text.trim() ? { note: text.trim() } : {} },
      )
      .then(
        () => {
          notifications.show({
            color: 'trellis',
            message: ending
              ? `Your relationship with ${partnerName} has ended. ${partnerName} has been told.`
              : `Congratulations! Your relationship with ${partnerName} is completed.`,
          });
          onClose();
        },
        (failure: unknown) => {
          if (failure instanceof ApiError && failure.issues.length > 0) {
            setError(failure.fieldErrors.reason ?? failure.fieldErrors.note ?? errorMessage(failure));
          } else {
            notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(failure) });
          }
        },
      );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      centered
      title={
        ending ? `End the relationship with ${partnerName} early?` : `Mark the relationship as completed?`
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {ending
              ? `${partnerName} is told, and the program’s staff see the reason. The workspace stays readable for both of you, but nothing can be changed any more.`
              : `Well done for getting here. ${partnerName} is told. The workspace stays readable for both of you, but nothing can be changed any more.`}
          </Text>
          <Textarea
            label={ending ? 'Why does it end?' : 'A closing note (optional)'}
            required={ending}
            autosize
            minRows={3}
            maxLength={2000}
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
          />
          <FormActions
            onCancel={onClose}
            submitLabel={ending ? 'End the relationship' : 'Mark completed'}
            pending={mutation.isPending}
            color={ending ? 'red' : undefined}
          />
        </Stack>
      </form>
    </Modal>
  );
}
