import {
  ActionIcon,
  Button,
  Checkbox,
  Grid,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircle, IconCircleCheck, IconDots, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { ActionItem } from '../../../../src/contracts/action-items.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useActionItemAction } from '../api/meetings.api.ts';
import { todayLocal } from '../meeting-time.ts';

function ownerOptions(workspace: WorkspaceContext) {
  return [
    { value: workspace.me.personId, label: `${workspace.me.name} (me)` },
    { value: workspace.partner.personId, label: workspace.partner.name },
  ];
}

/** A short checklist of what each of the pair will do next, with owners and due dates. */
export function ActionItemsList({
  workspace,
  items,
  meetingId,
  readOnly,
  showMeeting = false,
  emptyText,
}: {
  workspace: WorkspaceContext;
  items: ActionItem[];
  /** New items attach to this meeting; null: to the pair. */
  meetingId: string | null;
  readOnly: boolean;
  showMeeting?: boolean;
  emptyText: string;
}) {
  const action = useActionItemAction(workspace.relationshipId);
  const [editing, setEditing] = useState<ActionItem | null>(null);
  const today = todayLocal();

  const toggle = (item: ActionItem, done: boolean) =>
    action.mutate(
      { kind: 'update', id: item.id, input: { done } },
      {
        onSuccess: () =>
          notifications.show({ color: 'trellis', message: done ? 'Done. Nice work!' : 'Reopened.' }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
      },
    );

  return (
    <Stack gap="xs">
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((item) => {
            const overdue = !item.done && item.dueOn !== null && item.dueOn < today;
            const title = (
              <Text
                size="sm"
                td={item.done ? 'line-through' : undefined}
                c={item.done ? 'dimmed' : undefined}
              >
                {item.title}
              </Text>
            );
            const details = (
              <Group gap={6} component="span">
                <span>
                  {item.owner
                    ? item.owner.personId === workspace.me.personId
                      ? 'You'
                      : item.owner.name
                    : 'No owner'}
                </span>
                {item.dueOn &&
                  (overdue ? (
                    <Text span size="xs" c="red.9" fw={600}>
                      · Overdue since {formatDate(item.dueOn)}
                    </Text>
                  ) : (
                    <span>· Due {formatDate(item.dueOn)}</span>
                  ))}
                {showMeeting && item.meetingTitle && <span>· from “{item.meetingTitle}”</span>}
              </Group>
            );
            return (
              <Group key={item.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                {readOnly ? (
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    {item.done ? (
                      <IconCircleCheck
                        size={20}
                        color="var(--mantine-color-trellis-7)"
                        aria-label="Done"
                        role="img"
                      />
                    ) : (
                      <IconCircle
                        size={20}
                        color="var(--mantine-color-gray-6)"
                        aria-label="Open"
                        role="img"
                      />
                    )}
                    <div>
                      {title}
                      <Text size="xs" c="dimmed" component="div">
                        {details}
                      </Text>
                    </div>
                  </Group>
                ) : (
                  <Checkbox
                    mt={2}
                    checked={item.done}
                    onChange={(event) => toggle(item, event.currentTarget.checked)}
                    label={title}
                    description={details}
                  />
                )}
                {!readOnly && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={`More for “${item.title}”`}>
                        <IconDots size={16} aria-hidden="true" />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        leftSection={<IconEdit size={14} aria-hidden="true" />}
                        onClick={() => setEditing(item)}
                      >
                        Edit, assign or re-date
                      </Menu.Item>
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} aria-hidden="true" />}
                        onClick={() =>
                          action.mutate(
                            { kind: 'delete', id: item.id },
                            {
                              onSuccess: () =>
                                notifications.show({ color: 'trellis', message: 'Action item removed.' }),
                              onError: (error) =>
                                notifications.show({
                                  color: 'red',
                                  title: 'Not removed',
                                  message: errorMessage(error),
                                }),
                            },
                          )
                        }
                      >
                        Remove
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
      {!readOnly &&
        (meetingId ? (
          // Under a meeting the form waits behind a button: the pair's own list below has one open already.
          <CollapsedAddActionItem workspace={workspace} meetingId={meetingId} />
        ) : (
          <AddActionItemForm workspace={workspace} meetingId={null} />
        ))}
      {editing && (
        <EditActionItemModal
          key={editing.id}
          workspace={workspace}
          item={editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function CollapsedAddActionItem({
  workspace,
  meetingId,
}: {
  workspace: WorkspaceContext;
  meetingId: string;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!open) {
    return (
      <Button
        ref={button}
        size="compact-sm"
        variant="subtle"
        leftSection={<IconPlus size={14} aria-hidden="true" />}
        onClick={() => setOpen(true)}
        style={{ alignSelf: 'flex-start' }}
      >
        Add an action item
      </Button>
    );
  }
  return (
    <AddActionItemForm
      workspace={workspace}
      meetingId={meetingId}
      autoFocus
      onCancel={() => {
        setOpen(false);
        // Back to the button the form came from, for keyboard users.
        requestAnimationFrame(() => button.current?.focus());
      }}
    />
  );
}

function AddActionItemForm({
  workspace,
  meetingId,
  autoFocus = false,
  onCancel,
}: {
  workspace: WorkspaceContext;
  meetingId: string | null;
  autoFocus?: boolean;
  onCancel?: () => void;
}) {
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) titleInput.current?.focus();
  }, [autoFocus]);
  const action = useActionItemAction(workspace.relationshipId);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState<string>(
    workspace.myRole === 'mentor' ? workspace.partner.personId : workspace.me.personId,
  );
  const [dueOn, setDueOn] = useState('');
  const errors = action.error instanceof ApiError ? action.error.fieldErrors : {};
  const idSuffix = meetingId ?? 'pair';

  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      radius="md"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        action.mutate(
          {
            kind: 'create',
            input: { title, ownerPersonId: owner, dueOn: dueOn || null, ...(meetingId ? { meetingId } : {}) },
          },
          {
            onSuccess: () => {
              setTitle('');
              setDueOn('');
              notifications.show({ color: 'trellis', message: 'Action item added.' });
            },
            onError: (error) => {
              if (!(error instanceof ApiError && error.issues.length > 0)) {
                notifications.show({ color: 'red', title: 'Not added', message: errorMessage(error) });
              }
            },
          },
        );
      }}
    >
      <Grid gutter="xs">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            id={`action-title-${idSuffix}`}
            ref={titleInput}
            label="New action item"
            placeholder="e.g. Draft the promotion case"
            value={title}
            maxLength={300}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={errors.title}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, sm: 3 }}>
          <Select
            label="Owner"
            data={ownerOptions(workspace)}
            value={owner}
            allowDeselect={false}
            onChange={(value) => value && setOwner(value)}
            error={errors.ownerPersonId}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, sm: 3 }}>
          <TextInput
            type="date"
            label="Due (optional)"
            value={dueOn}
            onChange={(event) => setDueOn(event.currentTarget.value)}
            error={errors.dueOn}
          />
        </Grid.Col>
      </Grid>
      <Group justify="flex-end" mt="xs" gap="xs">
        {onCancel && (
          <Button size="xs" variant="default" onClick={onCancel}>
            Close
          </Button>
        )}
        <Button
          type="submit"
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} aria-hidden="true" />}
          loading={action.isPending}
          disabled={!title.trim()}
        >
          Add action item
        </Button>
      </Group>
    </Paper>
  );
}

function EditActionItemModal({
  workspace,
  item,
  onClose,
}: {
  workspace: WorkspaceContext;
  item: ActionItem;
  onClose: () => void;
}) {
  const action = useActionItemAction(workspace.relationshipId);
  const [title, setTitle] = useState(item.title);
  const [owner, setOwner] = useState(item.owner?.personId ?? workspace.me.personId);
  const [dueOn, setDueOn] = useState(item.dueOn ?? '');
  const errors = action.error instanceof ApiError ? action.error.fieldErrors : {};

  return (
    <Modal opened onClose={onClose} title="Edit action item">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          action.mutate(
            { kind: 'update', id: item.id, input: { title, ownerPersonId: owner, dueOn: dueOn || null } },
            {
              onSuccess: () => {
                notifications.show({ color: 'trellis', message: 'Action item saved.' });
                onClose();
              },
              onError: (error) => {
                if (!(error instanceof ApiError && error.issues.length > 0)) {
                  notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
                }
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <TextInput
            label="What"
            required
            data-autofocus
            maxLength={300}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={errors.title}
          />
          <Select
            label="Owner"
            data={ownerOptions(workspace)}
            value={owner}
            allowDeselect={false}
            onChange={(value) => value && setOwner(value)}
            error={errors.ownerPersonId}
          />
          <TextInput
            type="date"
            label="Due (optional)"
            value={dueOn}
            onChange={(event) => setDueOn(event.currentTarget.value)}
            error={errors.dueOn}
          />
          <FormActions onCancel={onClose} submitLabel="Save" pending={action.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
