import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconUsers } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { type NoteVisibility, noteBodyMaxLength } from '../../../../src/contracts/notes.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { useCreateNote } from '../api/notes.api.ts';

/**
 * Write a note. `visibility` fixes who reads it (the panel's current tab); without it the writer chooses, as in a
 * meeting's notes. The private choice says plainly that nobody else — partner or staff — will read it.
 */
export function NoteComposer({
  relationshipId,
  partnerName,
  visibility: fixed,
  meetingId,
  compact = false,
}: {
  relationshipId: string;
  partnerName: string;
  visibility?: NoteVisibility;
  meetingId?: string;
  compact?: boolean;
}) {
  const [body, setBody] = useState('');
  const [chosen, setChosen] = useState<NoteVisibility>('shared');
  const visibility = fixed ?? chosen;
  const create = useCreateNote(relationshipId);
  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const otherError =
    create.isError && !fieldErrors.body && !fieldErrors.visibility ? errorMessage(create.error) : null;
  const firstName = partnerName.split(' ')[0] ?? partnerName;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    create.mutate(
      { visibility, body: body.trim(), ...(meetingId ? { meetingId } : {}) },
      {
        onSuccess: () => {
          setBody('');
          create.reset();
          notifications.show({
            color: 'trellis',
            message:
              visibility === 'shared'
                ? `Note saved. ${firstName} can read it.`
                : 'Private note saved. Only you can read it.',
          });
        },
      },
    );
  };

  return (
    <Paper withBorder p={compact ? 'sm' : 'md'} radius="md" component="form" onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {!fixed && (
          <SegmentedControl
            aria-label="Who can read this note"
            value={chosen}
            onChange={(value) => setChosen(value as NoteVisibility)}
            data={[
              { value: 'shared', label: `Shared with ${firstName}` },
              { value: 'private', label: 'Private to me' },
            ]}
            size="xs"
            w="fit-content"
          />
        )}
        <Textarea
          label={visibility === 'shared' ? 'New shared note' : 'New private note'}
          description={
            <>
              {visibility === 'shared'
                ? `${partnerName} can read it too.`
                : 'Only you can read this: not your partner, not program staff.'}{' '}
              Markdown works: **bold**, lists, links.
            </>
          }
          placeholder={
            visibility === 'shared' ? 'What did you talk about? What is next?' : 'Thoughts for yourself…'
          }
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={fieldErrors.body ?? fieldErrors.meetingId}
          autosize
          minRows={compact ? 2 : 3}
          maxRows={14}
          leftSection={visibility === 'private' ? <IconLock size={16} aria-hidden="true" /> : undefined}
          leftSectionProps={{ style: { alignItems: 'flex-start', paddingTop: 8 } }}
        />
        {body.length > noteBodyMaxLength * 0.9 && (
          <Text size="xs" c={body.length > noteBodyMaxLength ? 'red' : 'dimmed'} aria-live="polite">
            {body.length.toLocaleString()} of {noteBodyMaxLength.toLocaleString()} characters
          </Text>
        )}
        {otherError && (
          <Alert color="red" variant="light" role="alert">
            {otherError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            size={compact ? 'xs' : 'sm'}
            loading={create.isPending}
            disabled={!body.trim()}
            leftSection={
              visibility === 'private' ? (
                <IconLock size={16} aria-hidden="true" />
              ) : (
                <IconUsers size={16} aria-hidden="true" />
              )
            }
          >
            {visibility === 'private' ? 'Save private note' : 'Save shared note'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
