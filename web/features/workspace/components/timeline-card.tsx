import { Button, Text, Timeline } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { formatDateTime } from '../../../lib/format.ts';
import { ListState, LoadingState } from '../../shell/components/states.tsx';
import { useWorkspaceTimeline } from '../api/workspace.api.ts';
import { OverviewCard } from './overview-card.tsx';

/** What happened in the pair, newest first, a page at a time. */
export function TimelineCard({ relationshipId }: { relationshipId: string }) {
  const timeline = useWorkspaceTimeline(relationshipId);
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const total = timeline.data?.pages[0]?.total ?? 0;
  return (
    <OverviewCard id="timeline-heading" title="Timeline" icon={<IconTimeline size={16} />}>
      <ListState
        query={timeline}
        loading={<LoadingState label="Loading the timeline…" />}
        isEmpty={() => items.length === 0}
        empty={
          <Text size="sm" c="dimmed">
            Nothing has happened yet.
          </Text>
        }
      >
        <Timeline bulletSize={12} lineWidth={2} active={-1}>
          {items.map((item) => (
            <Timeline.Item key={item.id} title={<Text size="sm">{item.summary}</Text>}>
              <Text size="xs" c="dimmed">
                {formatDateTime(item.at)}
                {/* Most lines already start with who did it ("Rafael Duarte scheduled…"): say it once. */}
                {item.actor && !item.summary.includes(item.actor.name) ? ` · ${item.actor.name}` : ''}
              </Text>
              {item.reason && (
                <Text size="sm" c="dimmed" fs="italic">
                  “{item.reason}”
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
        {timeline.hasNextPage && (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
            aria-label={`Show more of the timeline (${items.length} of ${total} shown)`}
          >
            Show more
          </Button>
        )}
      </ListState>
    </OverviewCard>
  );
}
