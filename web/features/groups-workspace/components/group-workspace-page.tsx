import { Alert, Badge, Button, Group, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDoorExit, IconLock, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { tabFromUrl } from '../../../lib/url-tabs.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useGroupWorkspace, useLeaveThisGroup } from '../api/group-workspace.api.ts';
import { GroupAgreementPanel } from './group-agreement-panel.tsx';
import { GroupGoalsPanel } from './group-goals-panel.tsx';
import { GroupMeetingsPanel } from './group-meetings-panel.tsx';
import { GroupNotesPanel } from './group-notes-panel.tsx';
import { GroupOverview } from './group-overview.tsx';

/** A mentee leaves the group: the others continue; what they wrote stays readable to them. */
function LeaveGroup({ groupId, groupName }: { groupId: string; groupName: string }) {
  const leave = useLeaveThisGroup(groupId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconDoorExit size={16} aria-hidden="true" />}
        onClick={() => setOpen(true)}
      >
        Leave the group
      </Button>
      <ConfirmModal
        opened={open}
        title={`Leave “${groupName}”?`}
        confirmLabel="Leave the group"
        focusCancel
        pending={leave.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          leave.mutate(reason, {
            onSuccess: () => {
              setOpen(false);
              notifications.show({
                color: 'trellis',
                message: 'You have left the group. The others continue.',
              });
            },
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: 'You are still in the group',
                message: errorMessage(error),
              }),
          })
        }
      >
        <Text size="sm">
          The others carry on without you. You can still read what was written while you were in the group,
          but not add to it. Your mentor is told.
        </Text>
        <Textarea
          label="Why are you leaving? (optional)"
          description="The group’s mentor reads it with the news."
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
      </ConfirmModal>
    </>
  );
}

const TABS = [
  { value: 'overview', label: 'Overview' },
  { value: 'agreement', label: 'Agreement' },
  { value: 'meetings', label: 'Meetings' },
  { value: 'goals', label: 'Goals and actions' },
  { value: 'notes', label: 'Notes' },
] as const;

/** A mentoring group's workspace (issue 14): the pair workspace for a group, one tab per part. */
export function GroupWorkspacePage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const workspace = useGroupWorkspace(id);
  const { value: active, label: activeLabel } = tabFromUrl(TABS, tab);
  const base = `/groups/${id}`;

  if (workspace.isPending) return <LoadingState label="Opening the group’s workspace…" />;
  if (workspace.isError) {
    if (workspace.error instanceof ApiError && workspace.error.status === 404) {
      return (
        <EmptyState
          order={1}
          icon={<IconUsersGroup size={30} />}
          title="This group’s workspace is for its members"
          description="Only the group’s mentor, co-mentor and mentees open it. Program staff see how groups are doing in the program, never what a group writes."
        />
      );
    }
    return (
      <ErrorState
        error={workspace.error}
        title="This workspace could not be opened"
        onRetry={() => workspace.refetch()}
      />
    );
  }
  const data = workspace.data;
  return (
    <>
      <PageBreadcrumbs links={[{ to: '/mentoring', label: 'My mentoring' }]} current={data.group.name} />
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>{data.group.name}</span>
            {data.group.status === 'closed' && <Badge color="gray">Closed</Badge>}
          </Group>
        }
        documentTitle={`${activeLabel} · ${data.group.name}`}
        description={`${data.group.program.name} · a mentoring group · you are ${
          { mentor: 'its mentor', co_mentor: 'its co-mentor', mentee: 'one of its mentees' }[data.myRole]
        }`}
        actions={
          data.myRole === 'mentee' && !data.readOnly ? (
            <LeaveGroup groupId={data.group.id} groupName={data.group.name} />
          ) : undefined
        }
      />
      {data.readOnly && (
        <Alert color="gray" variant="light" icon={<IconLock aria-hidden="true" />} mb="md" title="Read-only">
          {data.group.status === 'closed'
            ? 'This group has closed: everything stays here for you to read, but nothing can be changed.'
            : 'You have left this group: you can read what was written while you were in it, but not add to it.'}
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
          <GroupOverview workspace={data} />
        </Tabs.Panel>
        <Tabs.Panel value="agreement">
          <GroupAgreementPanel workspace={data} />
        </Tabs.Panel>
        <Tabs.Panel value="meetings">
          <GroupMeetingsPanel workspace={data} />
        </Tabs.Panel>
        <Tabs.Panel value="goals">
          <GroupGoalsPanel workspace={data} />
        </Tabs.Panel>
        <Tabs.Panel value="notes">
          <GroupNotesPanel workspace={data} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
