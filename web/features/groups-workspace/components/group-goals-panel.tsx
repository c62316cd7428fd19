import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { GroupGoal, GroupWorkspace } from '../../../../src/contracts/group-workspace.contracts.ts';
import { type GoalStatus, goalStatuses } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { goalStatusColor, goalStatusLabel } from '../../goals/components/goal-labels.ts';
import { GoalsPanel } from '../../goals/components/goals-panel.tsx';
import { useActionItems } from '../../meetings/api/meetings.api.ts';
import { ActionItemsList } from '../../meetings/components/action-items.tsx';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useGroupGoalAction, useGroupGoals } from '../api/group-workspace.api.ts';
import { asParty, badgeProps } from './group-labels.ts';

function NewGoalModal({
  groupId,
  opened,
  onClose,
}: {
  groupId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const action = useGroupGoalAction(groupId);
  const [title, setTitle] = useState('');
  const [measurable, setMeasurable] = useState('');
  const [dueOn, setDueOn] = useState('');
  const errors = action.error instanceof ApiError ? action.error.fieldErrors : {};
  const close = () => {
    setTitle('');
    setMeasurable('');
    setDueOn('');
    action.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Add a group goal">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          action.mutate(
            { kind: 'create', input: { title, measurable, dueOn: dueOn || null } },
            {
              onSuccess: () => {
                notifications.show({ color: 'trellis', message: 'Goal added for the whole group.' });
                close();
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <TextInput
            label="What the group wants to achieve"
            required
            data-autofocus
            maxLength={200}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={errors.title}
          />
          <Textarea
            label="How you will know it is reached"
            autosize
            minRows={2}
            maxLength={2000}
            value={measurable}
            onChange={(event) => setMeasurable(event.currentTarget.value)}
            error={errors.measurable}
          />
          <TextInput
            type="date"
            label="Due on"
            value={dueOn}
            onChange={(event) => setDueOn(event.currentTarget.value)}
            error={errors.dueOn}
          />
          {action.isError && !(action.error instanceof ApiError && action.error.issues.length > 0) && (
            <Text c="red" size="sm" role="alert">
              {errorMessage(action.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={action.isPending}>
              Add goal
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function GroupGoalRow({ goal, groupId, readOnly }: { goal: GroupGoal; groupId: string; readOnly: boolean }) {
  const action = useGroupGoalAction(groupId);
  const [deleting, setDeleting] = useState(false);
  const update = (input: { status?: GoalStatus; progressPercent?: number }) =>
    action.mutate(
      { kind: 'update', goalId: goal.id, input },
      {
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
      },
    );
  return (
    <Paper withBorder radius="md" p="sm" component="li">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1 }}>
          <Group gap="xs">
            <Text fw={500} size="sm">
              {goal.title}
            </Text>
            <Badge size="sm" {...badgeProps(goalStatusColor[goal.status])}>
              {goalStatusLabel[goal.status]}
            </Badge>
          </Group>
          {goal.measurable && (
            <Text size="sm" c="dimmed">
              {goal.measurable}
            </Text>
          )}
          <Progress
            value={goal.progressPercent}
            aria-label={`${goal.title}: ${goal.progressPercent}% done`}
          />
          <Text size="xs" c="dimmed">
            {goal.progressPercent}% done{goal.dueOn ? ` · due ${formatDate(goal.dueOn)}` : ''}
            {goal.createdBy ? ` · added by ${goal.createdBy.name}` : ''}
          </Text>
        </Stack>
        {!readOnly && (
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label={`Status of “${goal.title}”`}
              size="xs"
              w={130}
              data={goalStatuses.map((status) => ({ value: status, label: goalStatusLabel[status] }))}
              value={goal.status}
              allowDeselect={false}
              onChange={(value) => value && update({ status: value as GoalStatus })}
            />
            <Select
              aria-label={`Progress of “${goal.title}”`}
              size="xs"
              w={90}
              // Quarters, and the goal's own figure when it is between them (shown as it is, not rounded).
              data={[...new Set([0, 25, 50, 75, 100, goal.progressPercent])]
                .sort((a, b) => a - b)
                .map((n) => ({ value: String(n), label: `${n}%` }))}
              value={String(goal.progressPercent)}
              allowDeselect={false}
              onChange={(value) => value && update({ progressPercent: Number(value) })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Delete “${goal.title}”`}
              onClick={() => setDeleting(true)}
            >
              <IconTrash size={16} aria-hidden="true" />
            </ActionIcon>
          </Group>
        )}
      </Group>
      {deleting && (
        <ConfirmModal
          title={`Delete “${goal.title}”?`}
          confirmLabel="Delete the goal"
          focusCancel
          pending={action.isPending}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            action.mutate({ kind: 'delete', goalId: goal.id }, { onSuccess: () => setDeleting(false) })
          }
        >
          <Text size="sm">The goal goes for the whole group.</Text>
        </ConfirmModal>
      )}
    </Paper>
  );
}

function MemberActionItems({ context }: { context: WorkspaceContext }) {
  const items = useActionItems(context.relationshipId);
  if (items.isPending) return <LoadingState label="Loading the action items…" />;
  if (items.isError) return <ErrorState error={items.error} onRetry={() => items.refetch()} />;
  return (
    <ActionItemsList
      workspace={context}
      items={items.data.items}
      meetingId={null}
      readOnly={context.readOnly || items.data.readOnly}
      emptyText="No action items yet."
    />
  );
}

/**
 * Goals of the whole group, then each mentee's own goals and action items (on their relationship with the mentor):
 * a mentee sees their own, the mentor picks a mentee. The co-mentor is on no mentee's relationship, so sees only
 * the group's goals.
 */
export function GroupGoalsPanel({ workspace }: { workspace: GroupWorkspace }) {
  const groupId = workspace.group.id;
  const goals = useGroupGoals(groupId);
  const [adding, setAdding] = useState(false);
  const mentees = workspace.members.filter((m) => m.role === 'mentee' && m.relationshipId);
  const mentor = workspace.members.find((m) => m.role === 'mentor');
  const me = workspace.members.find(
    (m) => m.relationshipId && m.relationshipId === workspace.myRelationshipId,
  );
  const [chosen, setChosen] = useState<string | null>(mentees[0]?.relationshipId ?? null);
  const readOnly = workspace.readOnly;

  let memberContext: WorkspaceContext | null = null;
  if (workspace.myRole === 'mentee' && workspace.myRelationshipId && mentor && me) {
    memberContext = {
      relationshipId: workspace.myRelationshipId,
      program: workspace.group.program,
      myRole: 'mentee',
      me: { personId: me.personId, name: me.name },
      partner: asParty(mentor),
      readOnly: readOnly || me.status === 'left',
    };
  }
  const chosenMentee = mentees.find((m) => m.relationshipId === chosen);
  if (workspace.myRole === 'mentor' && mentor && chosenMentee?.relationshipId) {
    memberContext = {
      relationshipId: chosenMentee.relationshipId,
      program: workspace.group.program,
      myRole: 'mentor',
      me: { personId: mentor.personId, name: mentor.name },
      partner: asParty(chosenMentee),
      readOnly: readOnly || chosenMentee.status === 'left',
    };
  }

  return (
    <Stack gap="lg">
      <Stack gap="sm" component="section" aria-labelledby="group-goals-heading">
        <Group justify="space-between">
          <Title order={2} size="h4" id="group-goals-heading">
            Goals of the group
          </Title>
          {!readOnly && (
            <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setAdding(true)}>
              Add a group goal
            </Button>
          )}
        </Group>
        {goals.isPending ? (
          <LoadingState label="Loading the group’s goals…" />
        ) : goals.isError ? (
          <ErrorState error={goals.error} onRetry={() => goals.refetch()} />
        ) : goals.data.items.length === 0 ? (
          <EmptyState title="No group goals yet" description="Goals the whole group works towards go here." />
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {goals.data.items.map((goal) => (
              <GroupGoalRow key={goal.id} goal={goal} groupId={groupId} readOnly={readOnly} />
            ))}
          </Stack>
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="member-goals-heading">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h4" id="member-goals-heading">
            {workspace.myRole === 'mentee'
              ? 'My own goals and action items'
              : 'Each mentee’s goals and action items'}
          </Title>
          {workspace.myRole === 'mentor' && mentees.length > 0 && (
            <Select
              label="Mentee"
              w={260}
              data={mentees.map((m) => ({
                value: m.relationshipId as string,
                label: m.status === 'left' ? `${m.name} (left)` : m.name,
              }))}
              value={chosen}
              allowDeselect={false}
              onChange={setChosen}
            />
          )}
        </Group>
        {workspace.myRole === 'co_mentor' ? (
          <Text size="sm" c="dimmed">
            Each mentee keeps their own goals and action items with the group’s mentor.
          </Text>
        ) : memberContext ? (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {workspace.myRole === 'mentee'
                ? 'Only you and the group’s mentor see these: not the other members.'
                : `Only you and ${memberContext.partner.name} see these: not the rest of the group.`}
            </Text>
            <GoalsPanel key={memberContext.relationshipId} workspace={memberContext} />
            <Paper withBorder radius="md" p="md">
              <Title order={3} size="h5" mb="sm">
                Action items
              </Title>
              <MemberActionItems key={memberContext.relationshipId} context={memberContext} />
            </Paper>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No mentee in the group yet.
          </Text>
        )}
      </Stack>
      <NewGoalModal groupId={groupId} opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
