import { Alert, Button, Group, Loader, Modal, Paper, Stack, Text, Textarea, Typography } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBulb, IconEdit } from '@tabler/icons-react';
import { useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import type { Meeting } from '../../../../src/contracts/meetings.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useMeetingAction, usePrompts } from '../api/meetings.api.ts';

/** The agenda's own headings sit below the meeting's title in the page outline. */
const markdownComponents: Components = {
  a: ({ node: _node, href, children, ...rest }) => (
    <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
      {children}
    </a>
  ),
  h1: ({ node: _node, ...rest }) => <h4 {...rest} />,
  h2: ({ node: _node, ...rest }) => <h5 {...rest} />,
  h3: ({ node: _node, ...rest }) => <h6 {...rest} />,
};

function AgendaText({ text }: { text: string }) {
  return (
    <Typography fz="sm">
      <ReactMarkdown components={markdownComponents} skipHtml>
        {text}
      </ReactMarkdown>
    </Typography>
  );
}

/** The agenda, prepared before the meeting: edit it, or pull in one of the program's discussion prompts. */
export function AgendaEditor({
  meeting,
  workspace,
  editable,
}: {
  meeting: Meeting;
  workspace: WorkspaceContext;
  editable: boolean;
}) {
  const action = useMeetingAction(workspace.relationshipId);
  const [draft, setDraft] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const errors = action.error instanceof ApiError ? action.error.fieldErrors : {};

  if (draft !== null) {
    return (
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          action.mutate(
            { kind: 'update', meetingId: meeting.id, input: { agenda: draft } },
            {
              onSuccess: () => {
                setDraft(null);
                notifications.show({ color: 'trellis', message: 'Agenda saved.' });
              },
              onError: (error) =>
                notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
            },
          );
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={`Agenda for “${meeting.title}”`}
            description="Markdown: ## headings, - lists, **bold**"
            autosize
            minRows={4}
            maxRows={20}
            maxLength={20_000}
            data-autofocus
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            error={errors.agenda}
          />
          <Group justify="flex-end">
            <Button variant="default" size="xs" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={action.isPending}>
              Save agenda
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <Stack gap="xs">
      {meeting.agenda.trim() ? (
        <Paper withBorder p="sm" radius="md">
          <AgendaText text={meeting.agenda} />
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          No agenda yet.
          {editable ? ' Add what you want to talk about, or a discussion prompt from your program.' : ''}
        </Text>
      )}
      {editable && (
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconEdit size={14} aria-hidden="true" />}
            onClick={() => setDraft(meeting.agenda)}
          >
            Edit agenda
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconBulb size={14} aria-hidden="true" />}
            onClick={() => setPicking(true)}
          >
            Add a discussion prompt
          </Button>
        </Group>
      )}
      <PromptPicker
        opened={picking}
        onClose={() => setPicking(false)}
        workspace={workspace}
        onPick={(resourceId, title) =>
          action.mutate(
            { kind: 'add-prompt', meetingId: meeting.id, resourceId },
            {
              onSuccess: () => {
                setPicking(false);
                notifications.show({ color: 'trellis', message: `“${title}” added to the agenda.` });
              },
              onError: (error) =>
                notifications.show({ color: 'red', title: 'Not added', message: errorMessage(error) }),
            },
          )
        }
        adding={action.isPending}
      />
    </Stack>
  );
}

function PromptPicker({
  opened,
  onClose,
  workspace,
  onPick,
  adding,
}: {
  opened: boolean;
  onClose: () => void;
  workspace: WorkspaceContext;
  onPick: (resourceId: string, title: string) => void;
  adding: boolean;
}) {
  const prompts = usePrompts(workspace.program.id, opened);
  return (
    <Modal opened={opened} onClose={onClose} title="Add a discussion prompt" size="lg">
      {prompts.isPending ? (
        <Group justify="center" py="lg" role="status">
          <Loader size="sm" aria-hidden="true" />
          <Text size="sm" c="dimmed">
            Loading your program’s prompts…
          </Text>
        </Group>
      ) : prompts.isError ? (
        <Alert color="red" variant="light" role="alert" title="The prompts could not be loaded">
          {errorMessage(prompts.error)}
        </Alert>
      ) : prompts.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {workspace.program.name} has no discussion prompts yet.
        </Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {prompts.data.items.map((prompt) => (
            <Paper key={prompt.id} component="li" withBorder p="sm" radius="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text fw={500} size="sm">
                    {prompt.title}
                  </Text>
                  {prompt.body && (
                    <Text size="xs" c="dimmed" lineClamp={3}>
                      {prompt.body}
                    </Text>
                  )}
                </div>
                <Button
                  size="xs"
                  variant="light"
                  loading={adding}
                  onClick={() => onPick(prompt.id, prompt.title)}
                  aria-label={`Add “${prompt.title}” to the agenda`}
                >
                  Add
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
