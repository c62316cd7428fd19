import { Group, Stack, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';
import { formatDate, plural } from '../../../lib/format.ts';
import { OverviewCard, TabLink } from './overview-card.tsx';

/** Open action items: what, who, by when, overdue ones marked. */
export function ActionItemsCard({ data, base }: { data: WorkspaceOverview; base: string }) {
  const a = data.actionItems;
  return (
    <OverviewCard
      id="action-items-heading"
      title={data.readOnly ? 'Action items left open' : 'Open action items'}
      icon={<IconListCheck size={16} />}
      action={<TabLink to={`${base}/meetings`}>All action items</TabLink>}
    >
      {a.openCount === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing open. Action items agreed in a meeting show up here with who does what by when.
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {plural(a.openCount, 'open item')}
            {a.overdueCount > 0 ? ` · ${a.overdueCount} overdue` : ''}
          </Text>
          <Stack gap="xs" component="ul" className="plain-list">
            {a.items.map((item) => (
              <li key={item.id}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" lineClamp={1} title={item.title}>
                      {item.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {item.owner
                        ? item.owner.personId === data.me.personId
                          ? 'You'
                          : item.owner.name
                        : 'No owner'}
                    </Text>
                  </Stack>
                  <Text size="xs" c={item.overdue ? 'red.9' : 'dimmed'} fw={item.overdue ? 600 : 400}>
                    {item.dueOn
                      ? `${item.overdue ? 'Overdue · ' : 'Due '}${formatDate(item.dueOn)}`
                      : 'No date'}
                  </Text>
                </Group>
              </li>
            ))}
          </Stack>
        </>
      )}
    </OverviewCard>
  );
}
