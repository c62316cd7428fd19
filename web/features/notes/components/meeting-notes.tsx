import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ListState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useNotes } from '../api/notes.api.ts';
import { NoteCard } from './note-card.tsx';
import { NoteComposer } from './note-composer.tsx';

const PAGE_SIZE = 50;

/**
 * The notes taken in one meeting — the pair's shared ones and the reader's private ones — with a box to add one,
 * shared or private. Embedded by the meetings panel under each meeting.
 */
export function MeetingNotes({ workspace, meetingId }: { workspace: WorkspaceContext; meetingId: string }) {
  const notes = useNotes(workspace.relationshipId, {
    visibility: 'all',
    meetingId,
    page: 1,
    pageSize: PAGE_SIZE,
  });
  const partner = workspace.partner.name;

  return (
    <Stack gap="sm">
      <ListState
        query={notes}
        errorTitle="The meeting’s notes could not be loaded"
        loading={<Skeleton height={60} radius="md" />}
        empty={
          <Text size="sm" c="dimmed">
            No notes on this meeting yet.
          </Text>
        }
      >
        {(loaded) => (
          <Stack gap="xs">
            {loaded.items.map((note) => (
              <NoteCard
                key={note.id}
                note={note}
                relationshipId={workspace.relationshipId}
                partnerName={partner}
                readOnly={workspace.readOnly}
                showMeeting={false}
              />
            ))}
            {loaded.total > loaded.items.length && (
              <Group>
                <Anchor
                  component={Link}
                  to={`/mentoring/relationships/${workspace.relationshipId}/notes`}
                  size="sm"
                >
                  See all {loaded.total} notes in the Notes tab
                </Anchor>
              </Group>
            )}
          </Stack>
        )}
      </ListState>
      {!workspace.readOnly && (
        <NoteComposer
          relationshipId={workspace.relationshipId}
          partnerName={partner}
          meetingId={meetingId}
          compact
        />
      )}
    </Stack>
  );
}
