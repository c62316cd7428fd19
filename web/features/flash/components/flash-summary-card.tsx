import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatNumber, plural } from '../../../lib/format.ts';
import { StatCard } from '../../programs/components/stat-card.tsx';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useFlashSummary } from '../api/flash.api.ts';

const rating = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} / 5`);

/** Staff's flash card on a flash program's overview: sessions, ratings, topics and mentors with open slots. */
export function FlashSummaryCard({ programId }: { programId: string }) {
  const summary = useFlashSummary(programId);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="flash-summary-heading">
      <Stack gap="md">
        <Title order={2} size="h4" id="flash-summary-heading">
          Flash sessions
        </Title>
        {summary.isError ? (
          <ErrorState error={summary.error} onRetry={() => summary.refetch()} />
        ) : !summary.data ? (
          <LoadingState label="Loading flash sessions…" />
        ) : (
          <>
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
              <StatCard label="Held" value={formatNumber(summary.data.sessionsHeld)} />
              <StatCard
                label="Booked, to come"
                value={formatNumber(summary.data.upcoming)}
                hint={`${plural(summary.data.booked, 'booking')} in all`}
              />
              <StatCard
                label="Rating by mentees"
                value={rating(summary.data.averageRating.mentee)}
                hint={plural(summary.data.averageRating.ratings, 'rating')}
              />
              <StatCard label="Rating by mentors" value={rating(summary.data.averageRating.mentor)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Stack gap={6}>
                <Title order={3} size="h5">
                  Top topics
                </Title>
                {summary.data.topTopics.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No session booked yet.
                  </Text>
                ) : (
                  <Group gap={6} component="ul" className="plain-list">
                    {summary.data.topTopics.map((topic) => (
                      <Badge key={topic.topic} component="li" variant="light" color="gray" tt="none" fw={500}>
                        {topic.topic} · {topic.sessions}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Stack>
              <Stack gap={6}>
                <Title order={3} size="h5">
                  Mentors with open slots
                </Title>
                {summary.data.mentorsWithOpenSlots.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No mentor has an open slot: nobody can book right now.
                  </Text>
                ) : (
                  <Stack gap={2} component="ul" className="plain-list">
                    {summary.data.mentorsWithOpenSlots.slice(0, 10).map((mentor) => (
                      <Group key={mentor.enrolmentId} component="li" justify="space-between" wrap="nowrap">
                        <Text size="sm">{mentor.name}</Text>
                        <Text size="sm" c="dimmed">
                          {plural(mentor.openSlots, 'open slot')}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                )}
              </Stack>
            </SimpleGrid>
          </>
        )}
      </Stack>
    </Paper>
  );
}
