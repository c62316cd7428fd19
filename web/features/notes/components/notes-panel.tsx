import { Group, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { IconLock, IconNotes } from '@tabler/icons-react';
import { useState } from 'react';
import type { NoteVisibility } from '../../../../src/contracts/notes.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { plural } from '../../../lib/format.ts';
import { EmptyState, ListState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useNotes } from '../api/notes.api.ts';
import { NoteCard } from './note-card.tsx';
import { NoteComposer } from './note-composer.tsx';

const PAGE_SIZE = 20;

/**
 * The pair's notes: shared notes both read, and private notes only their author ever reads (§6, §10). A segmented
 * control switches between the two, so it is always clear who can read what is on screen.
 */
export function NotesPanel({ workspace }: { workspace: WorkspaceContext }) {
  const [visibility, setVisibility] = useState<NoteVisibility>('shared');
  const [page, setPage] = useState(1);
  const notes = useNotes(workspace.relationshipId, { visibility, page, pageSize: PAGE_SIZE });
  const data = notes.data;
  const partner = workspace.partner.name;
  const firstName = partner.split(' ')[0] ?? partner;

  return (
    <Stack gap="md" component="section" aria-labelledby="notes-heading">
      <Group justify="space-between" align="center" wrap="wrap">
        <Text id="notes-heading" component="h2" fw={700} fz="lg" m={0}>
          Notes
        </Text>
        <SegmentedControl
          aria-label="Which notes to show"
          value={visibility}
          onChange={(value) => {
            setVisibility(value as NoteVisibility);
            setPage(1);
          }}
          data={[
            { value: 'shared', label: `Shared with ${firstName}` },
            {
              value: 'private',
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconLock size={14} aria-hidden="true" />
                  <span>My private notes</span>
                </Group>
              ),
            },
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {visibility === 'shared'
          ? `Shared notes are read by you and ${partner}. Program staff do not see them.`
          : 'Private notes are yours alone: your partner, admins and coordinators never see them, not even that they exist.'}
      </Text>
      {!workspace.readOnly && (
        <NoteComposer
          key={visibility}
          relationshipId={workspace.relationshipId}
          partnerName={partner}
          visibility={visibility}
        />
      )}
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {data
          ? plural(data.total, visibility === 'shared' ? 'shared note' : 'private note')
          : 'Loading notes…'}
      </Text>
      <ListState
        query={notes}
        errorTitle="The notes could not be loaded"
        loading={
          <Stack gap="sm">
            <Skeleton height={90} radius="md" />
            <Skeleton height={90} radius="md" />
          </Stack>
        }
        empty={
          <EmptyState
            icon={visibility === 'private' ? <IconLock size={30} /> : <IconNotes size={30} />}
            title={visibility === 'shared' ? 'No shared notes yet' : 'No private notes yet'}
            description={
              workspace.readOnly
                ? 'This relationship has ended, so no notes can be added.'
                : visibility === 'shared'
                  ? `Write down what you discussed and what comes next, for both of you.`
                  : 'Keep thoughts for yourself here: questions to ask, what you want to work on.'
            }
          />
        }
      >
        {(loaded) => (
          <Stack gap="sm" aria-busy={notes.isFetching}>
            {loaded.items.map((note) => (
              <NoteCard
                key={note.id}
                note={note}
                relationshipId={workspace.relationshipId}
                partnerName={partner}
                readOnly={workspace.readOnly}
              />
            ))}
          </Stack>
        )}
      </ListState>
      {data && data.total > data.pageSize && (
        <Group justify="flex-end">
          <LabelledPagination total={Math.ceil(data.total / data.pageSize)} value={page} onChange={setPage} />
        </Group>
      )}
    </Stack>
  );
}
