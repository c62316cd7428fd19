import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconDots, IconPencil, IconShare, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import type { Note } from '../../../../src/contracts/notes.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { FormError } from '../../shell/components/states.tsx';
import { useDeleteNote, useUpdateNote } from '../api/notes.api.ts';
import { NoteMarkdown } from './note-markdown.tsx';
import { PrivateMarker } from './private-marker.tsx';

/** One note: who wrote it and when, where it was taken, who can read it; its author may edit, share or delete it. */
export function NoteCard({
  note,
  relationshipId,
  partnerName,
  readOnly,
  showMeeting = true,
}: {
  note: Note;
  relationshipId: string;
  partnerName: string;
  readOnly: boolean;
  showMeeting?: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<'delete' | 'share' | null>(null);
  const canChange = note.mine && !readOnly;
  const edited = note.updatedAt !== note.createdAt;
  const author = note.mine ? 'You' : note.author.name;

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      aria-label={`${note.visibility === 'private' ? 'Private note' : 'Note'} by ${author}, ${formatDateTime(note.createdAt)}`}
      bg={note.visibility === 'private' ? 'var(--mantine-color-grape-0)' : undefined}
      style={note.visibility === 'private' ? { borderColor: 'var(--mantine-color-grape-2)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Group gap={8} wrap="wrap">
          <Text size="sm" fw={600}>
            {author}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(note.createdAt)}
            {edited ? ' · edited' : ''}
          </Text>
          {note.visibility === 'private' && <PrivateMarker />}
          {showMeeting && note.meeting && (
            <Badge
              size="sm"
              variant="light"
              color="gray"
              radius="sm"
              tt="none"
              leftSection={<IconCalendarEvent size={12} aria-hidden="true" />}
            >
              {note.meeting.title}
            </Badge>
          )}
        </Group>
        {canChange && !editing && (
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Actions for your note of ${formatDateTime(note.createdAt)}`}
              >
                <IconDots size={18} aria-hidden="true" />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconPencil size={16} aria-hidden="true" />}
                onClick={() => setEditing(true)}
              >
                Edit
              </Menu.Item>
              {note.visibility === 'private' && (
                <Menu.Item
                  leftSection={<IconShare size={16} aria-hidden="true" />}
                  onClick={() => setConfirming('share')}
                >
                  Share with {partnerName}…
                </Menu.Item>
              )}
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} aria-hidden="true" />}
                onClick={() => setConfirming('delete')}
              >
                Delete…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <EditNote note={note} relationshipId={relationshipId} onDone={() => setEditing(false)} />
      ) : (
        <NoteMarkdown text={note.body} />
      )}
      {confirming === 'delete' && (
        <DeleteNoteModal note={note} relationshipId={relationshipId} onClose={() => setConfirming(null)} />
      )}
      {confirming === 'share' && (
        <ShareNoteModal
          note={note}
          relationshipId={relationshipId}
          partnerName={partnerName}
          onClose={() => setConfirming(null)}
        />
      )}
    </Paper>
  );
}

function EditNote({
  note,
  relationshipId,
  onDone,
}: {
  note: Note;
  relationshipId: string;
  onDone: () => void;
}) {
  const [body, setBody] = useState(note.body);
  const update = useUpdateNote(relationshipId);
  const fieldError = update.error instanceof ApiError ? update.error.fieldErrors.body : undefined;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: note.id, input: { body: body.trim() } },
      {
        onSuccess: () => {
          notifications.show({ color: 'trellis', message: 'Note updated.' });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Textarea
          label="Edit note"
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={fieldError}
          autosize
          minRows={3}
          maxRows={16}
          data-autofocus
          autoFocus
        />
        {update.isError && !fieldError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(update.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={update.isPending} disabled={!body.trim()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteNoteModal({
  note,
  relationshipId,
  onClose,
}: {
  note: Note;
  relationshipId: string;
  onClose: () => void;
}) {
  const remove = useDeleteNote(relationshipId);
  return (
    <ConfirmModal
      onClose={onClose}
      title="Delete this note?"
      cancelLabel="Keep it"
      focusCancel
      confirmLabel="Delete note"
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(note.id, {
          onSuccess: () => {
            notifications.show({ color: 'trellis', message: 'Note deleted.' });
            onClose();
          },
        })
      }
    >
      <Text size="sm">
        {note.visibility === 'shared'
          ? 'It disappears for both of you. This cannot be undone.'
          : 'This cannot be undone.'}
      </Text>
      <FormError error={remove.error} />
    </ConfirmModal>
  );
}

function ShareNoteModal({
  note,
  relationshipId,
  partnerName,
  onClose,
}: {
  note: Note;
  relationshipId: string;
  partnerName: string;
  onClose: () => void;
}) {
  const update = useUpdateNote(relationshipId);
  return (
    <Modal opened onClose={onClose} title={`Share this note with ${partnerName}?`} centered>
      <Stack>
        <Text size="sm">
          {partnerName} will be able to read it. Once shared, a note cannot be made private again (you can
          still delete it).
        </Text>
        <FormError error={update.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep it private
          </Button>
          <Button
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { id: note.id, input: { visibility: 'shared' } },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'trellis', message: `Shared with ${partnerName}.` });
                    onClose();
                  },
                },
              )
            }
          >
            Share note
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
