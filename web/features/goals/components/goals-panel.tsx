import './goals.css';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Menu,
  Paper,
  Progress,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconConfetti,
  IconDots,
  IconEdit,
  IconPlus,
  IconTarget,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { Celebration, Goal, GoalChange, Milestone } from '../../../../src/contracts/goals.contracts.ts';
import type { GoalStatus } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate, plural } from '../../../lib/format.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useDeleteGoal, useDismissCelebrations, useGoalAction, useGoals } from '../api/goals.api.ts';
import { CelebrationBanner, type CelebrationMessage } from './goal-celebration.tsx';
import { createBody, GoalFormModal, updateBody } from './goal-form-modal.tsx';
import { goalStatusColor, goalStatusLabel } from './goal-labels.ts';

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Light badges in dark text (tinted text fails contrast); green ones filled in the house colour. */
function statusBadgeProps(color: string) {
  return color === 'green'
    ? { color: 'trellis', variant: 'filled' as const }
    : { color, c: 'dark.7', variant: 'light' as const };
}

function celebrationFor(change: GoalChange, milestoneTitle?: string): CelebrationMessage | null {
  if (change.celebrate === 'goal_done') {
    return {
      title: `Goal achieved: ${change.goal.title}`,
      body: 'Well done! Your partner has been told too.',
    };
  }
  if (change.celebrate === 'milestone_reached') {
    return {
      title: `Milestone reached${milestoneTitle ? `: ${milestoneTitle}` : ''}`,
      body: `“${change.goal.title}” is now ${change.goal.progress}% of the way. Your partner has been told too.`,
    };
  }
  return null;
}

/** The pair's SMART goals: progress, status, milestones as a checklist, and a celebration for each step. */
export function GoalsPanel({ workspace }: { workspace: WorkspaceContext }) {
  const goals = useGoals(workspace.relationshipId);
  const action = useGoalAction(workspace.relationshipId);
  const remove = useDeleteGoal(workspace.relationshipId);
  const dismiss = useDismissCelebrations(workspace.relationshipId);
  const [editing, setEditing] = useState<Goal | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Goal | null>(null);
  const [celebration, setCelebration] = useState<CelebrationMessage | null>(null);
  const closeCelebration = useCallback(() => setCelebration(null), []);

  if (goals.isPending) return <LoadingState label="Loading your goals…" />;
  if (goals.isError) {
    return (
      <ErrorState
        error={goals.error}
        title="Your goals could not be loaded"
        onRetry={() => goals.refetch()}
      />
    );
  }
  const data = goals.data;
  const readOnly = workspace.readOnly || data.readOnly;

  const run = (
    input: Parameters<typeof action.mutate>[0],
    options: { success?: string; milestoneTitle?: string; onDone?: () => void } = {},
  ) =>
    action.mutate(input, {
      onSuccess: (change) => {
        options.onDone?.();
        const message = celebrationFor(change, options.milestoneTitle);
        if (message) setCelebration(message);
        else if (options.success) notifications.show({ color: 'trellis', message: options.success });
      },
      onError: (error) => {
        // Form errors are shown beside their fields; anything else as a toast.
        if (!options.onDone || !(error instanceof ApiError && error.issues.length > 0)) {
          notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
        }
      },
    });

  const openNew = () => {
    action.reset();
    setEditing('new');
  };

  return (
    <Stack gap="lg">
      <CelebrationBanner message={celebration} onClose={closeCelebration} />
      {data.celebrations.length > 0 && (
        <CelebrationCards
          items={data.celebrations}
          partnerName={workspace.partner.name}
          dismissing={dismiss.isPending}
          onDismiss={(ids) => dismiss.mutate(ids)}
        />
      )}
      <Group justify="space-between">
        <div>
          <Title order={2} size="h4">
            Goals
          </Title>
          <Text size="sm" c="dimmed">
            {data.total === 0
              ? 'What the mentee wants to achieve in this relationship.'
              : `${plural(data.total, 'goal')} · ${data.items.filter((goal) => goal.status === 'done').length} done`}
          </Text>
        </div>
        {!readOnly && data.total > 0 && (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={openNew}>
            Add goal
          </Button>
        )}
      </Group>

      {data.total === 0 ? (
        <EmptyState
          icon={<IconTarget size={28} aria-hidden="true" />}
          title="No goals yet"
          description={
            <Stack gap="xs" align="center">
              <Text size="sm" c="dimmed" ta="center" maw={520}>
                Good mentoring goals are SMART. Write one together in your next meeting:
              </Text>
              <List size="sm" spacing={4} ta="left" maw={520}>
                <List.Item>
                  <b>Specific</b> — one clear outcome, not “get better at leadership”.
                </List.Item>
                <List.Item>
                  <b>Measurable</b> — you can both tell when it is done.
                </List.Item>
                <List.Item>
                  <b>Achievable</b> — a stretch, but within reach with help.
                </List.Item>
                <List.Item>
                  <b>Relevant</b> — it matters for the mentee’s career now.
                </List.Item>
                <List.Item>
                  <b>Time-bound</b> — it has a due date.
                </List.Item>
              </List>
            </Stack>
          }
        >
          {!readOnly && (
            <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={openNew}>
              Add your first goal
            </Button>
          )}
        </EmptyState>
      ) : (
        <Stack gap="md">
          {data.items.map((goal) => (
            <GoalCard
              key={goal.id}
              goal={goal}
              readOnly={readOnly}
              busy={action.isPending}
              onEdit={() => {
                action.reset();
                setEditing(goal);
              }}
              onDelete={() => setDeleting(goal)}
              onStatus={(status) =>
                run(
                  { kind: 'update', goalId: goal.id, input: { status } },
                  { success: `Marked ${goalStatusLabel[status].toLowerCase()}.` },
                )
              }
              onToggleMilestone={(milestone, reached) =>
                run(
                  {
                    kind: 'update-milestone',
                    goalId: goal.id,
                    milestoneId: milestone.id,
                    input: { reached },
                  },
                  { milestoneTitle: milestone.title },
                )
              }
              onAddMilestone={(title, done) =>
                run({ kind: 'add-milestone', goalId: goal.id, input: { title } }, { onDone: done })
              }
              onDeleteMilestone={(milestone) =>
                run(
                  { kind: 'delete-milestone', goalId: goal.id, milestoneId: milestone.id },
                  { success: 'Milestone removed.' },
                )
              }
            />
          ))}
        </Stack>
      )}
      {data.total > data.items.length && (
        <Text size="sm" c="dimmed">
          Showing the first {data.items.length} of {data.total} goals.
        </Text>
      )}

      <GoalFormModal
        opened={editing !== null}
        goal={editing === 'new' ? null : editing}
        saving={action.isPending}
        error={action.error}
        onClose={() => setEditing(null)}
        onSubmit={(values) =>
          editing === 'new'
            ? run(
                { kind: 'create', input: createBody(values) },
                { success: 'Goal added.', onDone: () => setEditing(null) },
              )
            : editing &&
              run(
                { kind: 'update', goalId: editing.id, input: updateBody(values) },
                { success: 'Goal saved.', onDone: () => setEditing(null) },
              )
        }
      />
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Remove this goal?"
        confirmLabel="Remove goal"
        pending={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              notifications.show({ color: 'trellis', message: 'Goal removed.' });
            },
            onError: (error) =>
              notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(error) }),
          })
        }
      >
        <Text size="sm">
          “{deleting?.title}” and its milestones are removed for both of you. This cannot be undone; to keep
          it on record, mark it dropped instead.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function CelebrationCards({
  items,
  partnerName,
  dismissing,
  onDismiss,
}: {
  items: Celebration[];
  partnerName: string;
  dismissing: boolean;
  onDismiss: (ids: string[]) => void;
}) {
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="goal-celebrations-heading"
      style={{ background: 'var(--mantine-color-yellow-0)', borderColor: 'var(--mantine-color-yellow-3)' }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <ThemeIcon size={40} radius="xl" color="yellow" variant="light" aria-hidden="true">
            <IconConfetti size={24} />
          </ThemeIcon>
          <Stack gap={4}>
            <Title order={2} size="h5" id="goal-celebrations-heading">
              Something to celebrate with {partnerName}
            </Title>
            {items.map((item) => (
              <div key={item.notificationId}>
                <Text size="sm" fw={600}>
                  {item.title}
                </Text>
                <Text size="sm" c="dimmed">
                  {item.body} · {formatDate(item.createdAt)}
                </Text>
              </div>
            ))}
          </Stack>
        </Group>
        <Button
          size="xs"
          variant="white"
          color="dark"
          loading={dismissing}
          onClick={() => onDismiss(items.map((item) => item.notificationId))}
        >
          Dismiss
        </Button>
      </Group>
    </Paper>
  );
}

function GoalCard({
  goal,
  readOnly,
  busy,
  onEdit,
  onDelete,
  onStatus,
  onToggleMilestone,
  onAddMilestone,
  onDeleteMilestone,
}: {
  goal: Goal;
  readOnly: boolean;
  busy: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onStatus: (status: Exclude<GoalStatus, 'not_started'>) => void;
  onToggleMilestone: (milestone: Milestone, reached: boolean) => void;
  onAddMilestone: (title: string, done: () => void) => void;
  onDeleteMilestone: (milestone: Milestone) => void;
}) {
  const [newMilestone, setNewMilestone] = useState('');
  const overdue =
    goal.dueOn !== null && goal.status !== 'done' && goal.status !== 'dropped' && goal.dueOn < today();
  const headingId = `goal-${goal.id}-title`;
  const smartRows = [
    { label: 'Measurable', value: goal.measurable },
    { label: 'Achievable', value: goal.achievable },
    { label: 'Relevant', value: goal.relevant },
  ].filter((row) => row.value.trim());

  return (
    <Paper withBorder p="lg" radius="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={3} size="h5" id={headingId}>
                {goal.title}
              </Title>
              <Badge {...statusBadgeProps(goalStatusColor[goal.status])}>
                {goalStatusLabel[goal.status]}
              </Badge>
            </Group>
            <Text size="sm" c={overdue ? 'red.9' : 'dimmed'}>
              {goal.status === 'done' && goal.completedAt
                ? `Done on ${formatDate(goal.completedAt)}`
                : goal.dueOn
                  ? `${overdue ? 'Overdue: was due' : 'Due'} ${formatDate(goal.dueOn)}`
                  : 'No due date'}
            </Text>
          </Stack>
          {!readOnly && (
            <Group gap="xs" wrap="nowrap">
              {goal.status !== 'done' && (
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconCheck size={14} aria-hidden="true" />}
                  onClick={() => onStatus('done')}
                  disabled={busy}
                >
                  Mark done
                </Button>
              )}
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={`More for “${goal.title}”`}>
                    <IconDots size={18} aria-hidden="true" />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconEdit size={14} aria-hidden="true" />} onClick={onEdit}>
                    Edit goal
                  </Menu.Item>
                  {goal.status !== 'on_track' && (
                    <Menu.Item onClick={() => onStatus('on_track')}>Mark on track</Menu.Item>
                  )}
                  {goal.status !== 'at_risk' && (
                    <Menu.Item onClick={() => onStatus('at_risk')}>Mark at risk</Menu.Item>
                  )}
                  {goal.status !== 'dropped' && (
                    <Menu.Item onClick={() => onStatus('dropped')}>Drop goal</Menu.Item>
                  )}
                  <Menu.Divider />
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden="true" />}
                    onClick={onDelete}
                  >
                    Remove goal
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          )}
        </Group>

        <Group gap="sm" wrap="nowrap">
          <Progress
            value={goal.progress}
            color={goalStatusColor[goal.status] === 'gray' ? 'blue' : goalStatusColor[goal.status]}
            size="lg"
            radius="xl"
            style={{ flex: 1 }}
            aria-label={`Progress of “${goal.title}”`}
          />
          <Text size="sm" fw={600} w={44} ta="right">
            {goal.progress}%
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {goal.progressMode === 'milestones'
            ? `${goal.milestones.filter((m) => m.reached).length} of ${plural(goal.milestones.length, 'milestone')} reached`
            : 'Progress set by hand'}
        </Text>

        {smartRows.length > 0 && (
          <Stack gap={2}>
            {smartRows.map((row) => (
              <Text size="sm" key={row.label}>
                <Text span fw={600}>
                  {row.label}:
                </Text>{' '}
                {row.value}
              </Text>
            ))}
          </Stack>
        )}

        <Stack gap={6}>
          <Text size="sm" fw={600}>
            Milestones
          </Text>
          {goal.milestones.length === 0 && (
            <Text size="sm" c="dimmed">
              {readOnly ? 'No milestones.' : 'Break the goal into steps you can tick off together.'}
            </Text>
          )}
          {goal.milestones.map((milestone) => (
            <Group key={milestone.id} justify="space-between" wrap="nowrap" gap="xs">
              <Checkbox
                checked={milestone.reached}
                disabled={readOnly || busy}
                onChange={(event) => onToggleMilestone(milestone, event.currentTarget.checked)}
                label={
                  <span className={milestone.reached ? 'goal-milestone-reached' : undefined}>
                    {milestone.title}
                    {milestone.dueOn && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · due {formatDate(milestone.dueOn)}
                      </Text>
                    )}
                  </span>
                }
              />
              {!readOnly && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Remove milestone “${milestone.title}”`}
                  onClick={() => onDeleteMilestone(milestone)}
                  disabled={busy}
                >
                  <IconX size={14} aria-hidden="true" />
                </ActionIcon>
              )}
            </Group>
          ))}
          {!readOnly && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (!newMilestone.trim()) return;
                onAddMilestone(newMilestone.trim(), () => setNewMilestone(''));
              }}
            >
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  size="xs"
                  placeholder="e.g. Book a dry run"
                  aria-label={`New milestone for “${goal.title}”`}
                  value={newMilestone}
                  onChange={(event) => setNewMilestone(event.currentTarget.value)}
                  maxLength={200}
                  style={{ flex: 1 }}
                />
                <Button size="xs" variant="default" type="submit" disabled={!newMilestone.trim() || busy}>
                  Add milestone
                </Button>
              </Group>
            </form>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
