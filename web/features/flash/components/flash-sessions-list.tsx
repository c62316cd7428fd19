import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { FlashSessionsQuery } from '../../../../src/contracts/flash.contracts.ts';
import { EmptyState, ListState, LoadingState } from '../../shell/components/states.tsx';
import { useFlashSessions } from '../api/flash.api.ts';

/** The caller's flash sessions in a program (as mentor or mentee), each opening the pair's workspace. */
export function FlashSessionsList({
  programId,
  when,
  emptyText,
}: {
  programId: string;
  when: FlashSessionsQuery['when'];
  emptyText: string;
}) {
  const sessions = useFlashSessions(programId, { when, pageSize: 50 });
  return (
    <ListState
      query={sessions}
      loading={<LoadingState label="Loading sessions…" />}
      empty={
        <EmptyState order={3} icon={<IconBolt size={30} />} title="No session" description={emptyText} />
      }
    >
      {(loaded) => (
        <Stack gap="xs" component="ul" className="plain-list" data-testid="flash-sessions">
          {loaded.items.map((session) => (
            <Paper key={session.slotId} withBorder p="md" component="li">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={2} style={{ minWidth: 0, flex: '1 1 300px' }}>
                  <Text fw={600}>
                    {session.topic} with {session.partner.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {session.when} · {session.durationMinutes} minutes ·{' '}
                    {session.myRole === 'mentor' ? 'you are the mentor' : 'you booked it'}
                  </Text>
                  <Text size="sm" lineClamp={2} title={session.agenda}>
                    {session.agenda}
                  </Text>
                </Stack>
                <Group gap="xs">
                  {session.relationshipStatus === 'completed' && (
                    <Badge variant="light" color="blue" tt="none">
                      Completed
                    </Badge>
                  )}
                  {session.relationshipId && (
                    <Button
                      component={Link}
                      to={`/mentoring/relationships/${session.relationshipId}/meetings`}
                      size="xs"
                      variant="default"
                      aria-label={`Open the session “${session.topic}” with ${session.partner.name}`}
                    >
                      Open
                    </Button>
                  )}
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </ListState>
  );
}
