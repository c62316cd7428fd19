import { Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconTarget } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';
import type { GoalStatus } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { plural } from '../../../lib/format.ts';
import { goalStatusColor, goalStatusLabel } from '../../goals/components/goal-labels.ts';
import { OverviewCard, TabLink } from './overview-card.tsx';

/** Goal badges as the Goals tab draws them: light in dark text, a reached goal filled in the house colour. */
function goalBadgeProps(status: GoalStatus) {
  const color = goalStatusColor[status];
  return color === 'green'
    ? { color: 'trellis', variant: 'filled' as const }
    : { color, c: 'dark.7', variant: 'light' as const };
}

/** The pair's goals with their status and progress. */
export function GoalsCard({ data, base }: { data: WorkspaceOverview; base: string }) {
  const g = data.goals;
  const summary = (['on_track', 'at_risk', 'not_started', 'done'] as const)
    .filter((status) => g.byStatus[status] > 0)
    .map((status) => `${g.byStatus[status]} ${goalStatusLabel[status].toLowerCase()}`)
    .join(' · ');
  return (
    <OverviewCard
      id="goals-heading"
      title="Goals"
      icon={<IconTarget size={16} />}
      action={<TabLink to={`${base}/goals`}>All goals</TabLink>}
    >
      {g.total === 0 ? (
        <Text size="sm" c="dimmed">
          {data.readOnly
            ? 'No goals were set.'
            : 'No goals yet. A goal is easier to reach when it is specific and has a date.'}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {plural(g.total, 'goal')}
            {summary ? ` · ${summary}` : ''}
          </Text>
          <Stack gap="sm" component="ul" className="plain-list">
            {g.items.map((goal) => (
              <li key={goal.id}>
                <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
                  <Text size="sm" fw={600} lineClamp={1} title={goal.title}>
                    {goal.title}
                  </Text>
                  <Badge {...goalBadgeProps(goal.status)} radius="sm" tt="none" size="sm">
                    {goalStatusLabel[goal.status]}
                  </Badge>
                </Group>
                <Group gap="xs" wrap="nowrap">
                  <Progress
                    value={goal.progress}
                    color={goalStatusColor[goal.status] === 'gray' ? 'blue' : goalStatusColor[goal.status]}
                    style={{ flex: 1 }}
                    aria-label={`${goal.title}: ${goal.progress}% done`}
                  />
                  <Text size="xs" c="dimmed" miw={100} ta="right">
                    {goal.milestones && goal.milestones.total > 0
                      ? `${goal.milestones.reached} of ${plural(goal.milestones.total, 'milestone')}`
                      : `${goal.progress}%`}
                  </Text>
                </Group>
              </li>
            ))}
          </Stack>
        </>
      )}
      {g.total === 0 && !data.readOnly && (
        <Button component={Link} to={`${base}/goals`} variant="light" mt="auto">
          Add a goal
        </Button>
      )}
    </OverviewCard>
  );
}
