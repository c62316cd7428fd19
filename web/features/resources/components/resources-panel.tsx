import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBook2,
  IconCircleCheck,
  IconCircleDashed,
  IconExternalLink,
  IconMessageCircleQuestion,
  IconSchool,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import type { ProgramResource, ResourceKind } from '../../../../src/contracts/resources.contracts.ts';
import { resourceKinds } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import {
  resourceAudienceLabel,
  resourceKindLabel,
  resourceKindSingular,
  useProgramResources,
  useResourceCompletion,
} from '../api/resources.api.ts';
import { MarkdownView } from './markdown-view.tsx';

export const resourceKindIcon: Record<ResourceKind, ReactNode> = {
  guide: <IconBook2 size={18} aria-hidden="true" />,
  prompt: <IconMessageCircleQuestion size={18} aria-hidden="true" />,
  training: <IconSchool size={18} aria-hidden="true" />,
};

/**
 * The pair's program library in the workspace. It belongs to the program, not to the pair, so it stays readable
 * and each person can still tick items off after the relationship ended.
 */
export function ResourcesPanel({ workspace }: { workspace: WorkspaceContext }) {
  const library = useProgramResources(workspace.program.id);
  if (library.isPending) return <LoadingState label="Loading the program’s library…" />;
  if (library.isError) return <ErrorState error={library.error} onRetry={() => library.refetch()} />;
  if (library.data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconBook2 size={30} />}
        title="The library is empty for now"
        description={`${workspace.program.name}’s coordinators have not added guides, discussion prompts or training yet. They will appear here.`}
      />
    );
  }
  return <ResourceLibrary items={library.data.items} />;
}

/** A library grouped by kind, each resource opening in a modal, with the reader's own progress. */
export function ResourceLibrary({ items }: { items: ProgramResource[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const open = items.find((item) => item.id === openId) ?? null;
  const training = items.filter((item) => item.kind === 'training');
  const trainingDone = training.filter((item) => item.done).length;

  return (
    <Stack gap="xl">
      {training.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" mb={6}>
            <Group gap="xs">
              <ThemeIcon variant="light" radius="xl" aria-hidden="true">
                <IconSchool size={18} />
              </ThemeIcon>
              <Text fw={600}>Your training</Text>
            </Group>
            <Text size="sm" fw={600} data-testid="training-progress">
              {trainingDone} of {training.length} done
            </Text>
          </Group>
          <Progress
            value={(100 * trainingDone) / training.length}
            aria-label={`Training progress: ${trainingDone} of ${training.length} done`}
            size="lg"
            radius="xl"
          />
        </Paper>
      )}
      {resourceKinds.map((kind) => {
        const list = items.filter((item) => item.kind === kind);
        if (list.length === 0) return null;
        const headingId = `library-${kind}-heading`;
        return (
          <section key={kind} aria-labelledby={headingId}>
            <Group gap="xs" mb="sm">
              {resourceKindIcon[kind]}
              <Title order={2} size="h4" id={headingId}>
                {resourceKindLabel[kind]}
              </Title>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" component="ul" className="plain-list">
              {list.map((item) => (
                <li key={item.id}>
                  <ResourceCard resource={item} onOpen={() => setOpenId(item.id)} />
                </li>
              ))}
            </SimpleGrid>
          </section>
        );
      })}
      {open && <ResourceModal resource={open} onClose={() => setOpenId(null)} />}
    </Stack>
  );
}

function ResourceCard({ resource, onOpen }: { resource: ProgramResource; onOpen: () => void }) {
  return (
    <Paper withBorder p="md" h="100%" radius="md" data-testid="resource-card">
      <Stack gap="xs" h="100%">
        <Text fw={600} lineClamp={2} title={resource.title}>
          {resource.title}
        </Text>
        {resource.body.trim() && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {resource.body.replace(/[#*_>`[\]()]/g, '').slice(0, 200)}
          </Text>
        )}
        <Group justify="space-between" mt="auto" gap="xs">
          <Group gap={6}>
            {resource.audience !== 'both' && (
              <Badge variant="outline" color="gray" radius="sm" tt="none" size="sm">
                For {resourceAudienceLabel[resource.audience]?.toLowerCase()}
              </Badge>
            )}
            {resource.url && (
              <Badge
                variant="light"
                color="blue"
                radius="sm"
                tt="none"
                size="sm"
                leftSection={<IconExternalLink size={11} aria-hidden="true" />}
              >
                Link
              </Badge>
            )}
          </Group>
          <Group gap={6}>
            {resource.done && (
              <Badge
                color="trellis"
                variant="light"
                radius="sm"
                tt="none"
                leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
              >
                Done
              </Badge>
            )}
            <Button
              variant={resource.done ? 'subtle' : 'light'}
              size="compact-sm"
              onClick={onOpen}
              aria-label={`Open “${resource.title}”`}
            >
              Open
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One resource, read in place: Markdown rendered, a link opening in a new tab, and the "done" toggle. */
function ResourceModal({ resource, onClose }: { resource: ProgramResource; onClose: () => void }) {
  const completion = useResourceCompletion();
  const toggle = () =>
    completion.mutate(
      { id: resource.id, done: !resource.done },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'trellis',
            message: saved.done ? `“${saved.title}” marked as done.` : `“${saved.title}” marked as not done.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
      },
    );
  return (
    <Modal opened onClose={onClose} size="lg" title={resource.title}>
      <Stack gap="md">
        <Group gap={6}>
          <Badge variant="light" radius="sm" tt="none" leftSection={resourceKindIcon[resource.kind]}>
            {resourceKindSingular[resource.kind]}
          </Badge>
          {resource.audience !== 'both' && (
            <Badge variant="outline" color="gray" radius="sm" tt="none">
              For {resourceAudienceLabel[resource.audience]?.toLowerCase()}
            </Badge>
          )}
        </Group>
        {resource.body.trim() && <MarkdownView text={resource.body} />}
        {resource.url && (
          <Anchor href={resource.url} target="_blank" rel="noopener noreferrer">
            <Group gap={6} component="span">
              <IconExternalLink size={16} aria-hidden="true" />
              <span>Open the link (new tab)</span>
            </Group>
          </Anchor>
        )}
        <Group justify="space-between" pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Text size="sm" c="dimmed">
            {resource.done ? `You marked this done on ${formatDate(resource.completedAt)}.` : 'Not done yet.'}
          </Text>
          <Button
            variant={resource.done ? 'default' : 'filled'}
            leftSection={
              resource.done ? (
                <IconCircleDashed size={16} aria-hidden="true" />
              ) : (
                <IconCircleCheck size={16} aria-hidden="true" />
              )
            }
            loading={completion.isPending}
            onClick={toggle}
          >
            {resource.done ? 'Mark as not done' : 'Mark as done'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
