import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShare, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import {
  type GroupNote,
  type GroupWorkspace,
  groupNoteBodyMaxLength,
} from '../../../../src/contracts/group-workspace.contracts.ts';
import type { NoteVisibility } from '../../../../src/contracts/notes.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { NoteMarkdown } from '../../notes/components/note-markdown.tsx';
import { PrivateMarker } from '../../notes/components/private-marker.tsx';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useGroupNoteAction, useGroupNotes } from '../api/group-workspace.api.ts';

function Composer({ groupId }: { groupId: string }) {
  const action = useGroupNoteAction(groupId);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<NoteVisibility>('shared');
  const errors = action.error instanceof ApiError ? action.error.fieldErrors : {};
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    action.mutate(
      { kind: 'create', visibility, body: body.trim() },
      {
        onSuccess: () => {
          setBody('');
          action.reset();
          notifications.show({
            color: 'trellis',
            message:
              visibility === 'shared'
                ? 'Note saved. Everyone in the group can read it.'
                : 'Private note saved. Only you can read it.',
          });
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Who can read this note"
          value={visibility}
          onChange={(value) => setVisibility(value as NoteVisibility)}
          data={[
            { value: 'shared', label: 'Shared with the group' },
            { value: 'private', label: 'Private to me' },
          ]}
          size="xs"
          w="fit-content"
        />
        <Textarea
          label={visibility === 'shared' ? 'New shared note' : 'New private note'}
          description={
            visibility === 'shared'
              ? 'Everyone in the group can read it. Markdown works: **bold**, lists, links.'
              : 'Only you can read this: not the other members, not program staff.'
          }
          autosize
          minRows={3}
          maxLength={groupNoteBodyMaxLength}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={errors.body}
        />
        {action.isError && !errors.body && (
          <Text c="red" size="sm" role="alert">
            {errorMessage(action.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={action.isPending} disabled={!body.trim()}>
            Save note
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function NoteItem({ note, groupId, readOnly }: { note: GroupNote; groupId: string; readOnly: boolean }) {
  const action = useGroupNoteAction(groupId);
  const [confirming, setConfirming] = useState<'delete' | 'share' | null>(null);
  const author = note.mine ? 'You' : note.author.name;
  const canChange = note.mine && !readOnly;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      aria-label={`${note.visibility === 'private' ? 'Private note' : 'Note'} by ${author}, ${formatDateTime(note.createdAt)}`}
      bg={note.visibility === 'private' ? 'var(--mantine-color-grape-0)' : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Group gap={8}>
          <Text size="sm" fw={600}>
            {author}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(note.createdAt)}
            {note.meeting ? ` · in “${note.meeting.title}”` : ''}
          </Text>
          {note.visibility === 'private' && <PrivateMarker />}
        </Group>
        {canChange && (
          <Group gap={4} wrap="nowrap">
            {note.visibility === 'private' && (
              <ActionIcon
                variant="subtle"
                aria-label="Share with the group"
                onClick={() => setConfirming('share')}
              >
                <IconShare size={16} aria-hidden="true" />
              </ActionIcon>
            )}
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Delete note"
              onClick={() => setConfirming('delete')}
            >
              <IconTrash size={16} aria-hidden="true" />
            </ActionIcon>
          </Group>
        )}
      </Group>
      <NoteMarkdown text={note.body} />
      {confirming && (
        <ConfirmModal
          title={confirming === 'delete' ? 'Delete this note?' : 'Share this note with the group?'}
          confirmLabel={confirming === 'delete' ? 'Delete' : 'Share it'}
          confirmColor={confirming === 'delete' ? 'red' : 'trellis'}
          pending={action.isPending}
          onClose={() => setConfirming(null)}
          onConfirm={() =>
            action.mutate(
              confirming === 'delete'
                ? { kind: 'delete', noteId: note.id }
                : { kind: 'update', noteId: note.id, visibility: 'shared' },
              {
                onSuccess: () => setConfirming(null),
                onError: (error) =>
                  notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
              },
            )
          }
        >
          <Text size="sm">
            {confirming === 'delete'
              ? 'The note goes for good.'
              : 'Everyone in the group will read it, and it cannot be made private again.'}
          </Text>
        </ConfirmModal>
      )}
    </Paper>
  );
}

/** The group's notes: shared ones everyone reads, and the caller's private ones nobody else sees. */
export function GroupNotesPanel({ workspace }: { workspace: GroupWorkspace }) {
  const groupId = workspace.group.id;
  const notes = useGroupNotes(groupId);
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        Notes
      </Title>
      {!workspace.readOnly && <Composer groupId={groupId} />}
      {notes.isPending ? (
        <LoadingState label="Loading the notes…" />
      ) : notes.isError ? (
        <ErrorState error={notes.error} onRetry={() => notes.refetch()} />
      ) : notes.data.items.length === 0 ? (
        <EmptyState
          title="No notes yet"
          description="Shared notes are for the whole group; private notes are yours alone."
        />
      ) : (
        <Stack gap="sm">
          {notes.data.items.map((note) => (
            <NoteItem key={note.id} note={note} groupId={groupId} readOnly={workspace.readOnly} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
