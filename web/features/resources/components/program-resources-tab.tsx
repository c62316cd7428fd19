import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBook2, IconCheck, IconExternalLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import type { ProgramResource, ResourceKind } from '../../../../src/contracts/resources.contracts.ts';
import { resourceKinds } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import {
  resourceAudienceLabel,
  resourceKindLabel,
  resourceKindSingular,
  useDeleteResource,
  useProgramResources,
} from '../api/resources.api.ts';
import { ResourceFormModal } from './resource-form-modal.tsx';
import { ResourceLibrary, resourceKindIcon } from './resources-panel.tsx';

const kindHint: Record<ResourceKind, string> = {
  guide: 'How the program works, a first-meeting checklist, how to set SMART goals.',
  prompt: 'Questions a pair can pick for a meeting’s agenda.',
  training: 'Short modules that prepare mentors: active listening, giving feedback.',
};

/** Program staff curate the library pairs read in their workspace; participants who open the tab just read it. */
export function ProgramResourcesTab({ program }: { program: Program }) {
  const library = useProgramResources(program.id);
  const [editing, setEditing] = useState<{ resource: ProgramResource | null; kind: ResourceKind } | null>(
    null,
  );
  const [deleting, setDeleting] = useState<ProgramResource | null>(null);

  if (library.isPending) return <LoadingState label="Loading the library…" />;
  if (library.isError) return <ErrorState error={library.error} onRetry={() => library.refetch()} />;
  const page = library.data;
  if (page.viewer !== 'staff') return <ResourceLibrary items={page.items} />;

  const add = (kind: ResourceKind = 'guide') => setEditing({ resource: null, kind });
  const modals = (
    <>
      {editing && (
        <ResourceFormModal
          programId={program.id}
          resource={editing.resource}
          initialKind={editing.kind}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && <DeleteResourceModal resource={deleting} onClose={() => setDeleting(null)} />}
    </>
  );

  if (page.items.length === 0) {
    return (
      <>
        <EmptyState
          icon={<IconBook2 size={30} />}
          title="Build the program’s library"
          description={
            <>
              Pairs find these in their workspace. A good start: a guide to the first meeting, five discussion
              prompts for early conversations, and a short training module on active listening for mentors.
            </>
          }
        >
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => add('guide')}>
            Add the first resource
          </Button>
        </EmptyState>
        {modals}
      </>
    );
  }

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={620}>
          Guides, discussion prompts and training modules for this program’s pairs. Each person marks what
          they have done; you see how many did.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => add()}>
          Add a resource
        </Button>
      </Group>
      {resourceKinds.map((kind) => {
        const items = page.items.filter((item) => item.kind === kind);
        const headingId = `resources-${kind}-heading`;
        return (
          <section key={kind} aria-labelledby={headingId}>
            <Group justify="space-between" mb="sm">
              <Group gap="xs">
                {resourceKindIcon[kind]}
                <Title order={2} size="h4" id={headingId}>
                  {resourceKindLabel[kind]}
                </Title>
                <Badge variant="light" color="gray" radius="sm">
                  {items.length}
                </Badge>
              </Group>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} aria-hidden="true" />}
                onClick={() => add(kind)}
                aria-label={`Add a ${resourceKindSingular[kind].toLowerCase()}`}
              >
                Add
              </Button>
            </Group>
            {items.length === 0 ? (
              <Text size="sm" c="dimmed">
                None yet. {kindHint[kind]}
              </Text>
            ) : (
              <Stack gap="xs" component="ul" className="plain-list">
                {items.map((item) => (
                  <li key={item.id}>
                    <StaffResourceRow
                      resource={item}
                      onEdit={() => setEditing({ resource: item, kind: item.kind })}
                      onDelete={() => setDeleting(item)}
                    />
                  </li>
                ))}
              </Stack>
            )}
          </section>
        );
      })}
      {modals}
    </Stack>
  );
}

function StaffResourceRow({
  resource,
  onEdit,
  onDelete,
}: {
  resource: ProgramResource;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const count = resource.completionCount ?? 0;
  return (
    <Paper withBorder p="md" data-testid="staff-resource">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600}>{resource.title}</Text>
          <Group gap={6}>
            <Badge variant="outline" color="gray" radius="sm" tt="none">
              {resourceAudienceLabel[resource.audience]}
            </Badge>
            {resource.url && (
              <Badge
                variant="light"
                color="blue"
                radius="sm"
                tt="none"
                leftSection={<IconExternalLink size={12} aria-hidden="true" />}
              >
                Link
              </Badge>
            )}
            {resource.body.trim() && (
              <Text size="xs" c="dimmed" lineClamp={1} maw={420}>
                {resource.body.replace(/[#*_>`[\]()-]/g, '').slice(0, 140)}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label="People who marked it done">
            <Badge
              variant={count > 0 ? 'light' : 'outline'}
              color={count > 0 ? 'trellis' : 'gray'}
              radius="sm"
              tt="none"
              leftSection={<IconCheck size={12} aria-hidden="true" />}
            >
              {`Completed by ${plural(count, 'person', 'people')}`}
            </Badge>
          </Tooltip>
          <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={`Edit “${resource.title}”`}>
            <IconPencil size={18} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={onDelete}
            aria-label={`Delete “${resource.title}”`}
          >
            <IconTrash size={18} aria-hidden="true" />
          </ActionIcon>
        </Group>
      </Group>
    </Paper>
  );
}

function DeleteResourceModal({ resource, onClose }: { resource: ProgramResource; onClose: () => void }) {
  const remove = useDeleteResource();
  const count = resource.completionCount ?? 0;
  return (
    <ConfirmModal
      onClose={onClose}
      title="Delete this resource?"
      cancelLabel="Keep it"
      confirmLabel="Delete"
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(resource.id, {
          onSuccess: () => {
            notifications.show({ color: 'trellis', message: `“${resource.title}” deleted.` });
            onClose();
          },
          onError: (error) =>
            notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
        })
      }
    >
      <Text size="sm">
        “{resource.title}” leaves the library for every pair of the program
        {count > 0 ? `, with the completion of ${plural(count, 'person', 'people')}` : ''}. This cannot be
        undone.
      </Text>
    </ConfirmModal>
  );
}
