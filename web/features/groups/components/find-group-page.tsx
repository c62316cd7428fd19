import '../../programs/components/programs.css';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { FindGroupItem } from '../../../../src/contracts/groups.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { initials, plural } from '../../../lib/format.ts';
import { useProgram } from '../../programs/api/programs.api.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import {
  EmptyState,
  ErrorState,
  FormError,
  ListState,
  LoadingState,
} from '../../shell/components/states.tsx';
import { useFindGroups, useJoinGroup, useOpenGroup } from '../api/groups.api.ts';

/** Mentees of a self-select group program: the open groups, with Join; mentors open their own from here. */
export function FindGroupPage() {
  const { id = '' } = useParams();
  const program = useProgram(id);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [page, setPage] = useState(1);
  const groups = useFindGroups(id, { q: q || undefined, page, pageSize: 12 });
  const [joining, setJoining] = useState<FindGroupItem | null>(null);
  const [opening, setOpening] = useState(false);
  const join = useJoinGroup();

  if (program.isPending) return <LoadingState />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;
  const data = groups.data;
  const myGroup = data?.myGroup ?? null;

  return (
    <>
      <PageBreadcrumbs links={[{ to: '/mentoring', label: 'Mentoring' }]} current={program.data.name} />
      <PageHeader
        title="Find a group"
        documentTitle={`Find a group · ${program.data.name}`}
        description={`Groups of ${program.data.name} open to join: one mentor and up to ${program.data.groupMaxSize} mentees meeting together.`}
        actions={
          data?.canOpen && (
            <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setOpening(true)}>
              Open a group
            </Button>
          )
        }
      />
      <Stack gap="lg">
        {myGroup && (
          <Alert
            variant="light"
            color="trellis"
            icon={<IconCheck aria-hidden="true" />}
            title="You are in a group"
          >
            <Group justify="space-between" gap="sm">
              <Text size="sm">
                You are a member of “{myGroup.name}”. Leave it from My mentoring to join another one.
              </Text>
              <Button component={Link} to={`/groups/${myGroup.id}`} size="xs" variant="white">
                Open your group
              </Button>
            </Group>
          </Alert>
        )}
        <SearchInput
          label="Search groups"
          placeholder="Name, description, mentor or skill"
          value={search}
          onSearch={(value) => {
            setSearch(value);
            setPage(1);
          }}
          maw={420}
        />
        <FormError error={join.error} />
        <ListState
          query={groups}
          loading={
            <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
              {[0, 1, 2].map((key) => (
                <Skeleton key={key} height={220} radius="lg" />
              ))}
            </SimpleGrid>
          }
          empty={
            <EmptyState
              icon={<IconUsersGroup size={30} />}
              title={q ? 'No group matches' : 'No group is open yet'}
              description={
                q
                  ? 'Try another word, or clear the search.'
                  : 'When a mentor opens a group for this program, it appears here for you to join.'
              }
            />
          }
        >
          {(loaded) => (
            <Stack>
              <Text size="sm" c="dimmed" role="status" aria-live="polite">
                {plural(loaded.total, 'open group')}
              </Text>
              <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} component="ul" className="plain-list">
                {loaded.items.map((group) => (
                  <li key={group.id}>
                    <GroupCard
                      group={group}
                      mine={myGroup?.id === group.id}
                      canJoin={loaded.canJoin && !myGroup}
                      onJoin={() => setJoining(group)}
                    />
                  </li>
                ))}
              </SimpleGrid>
              {loaded.total > loaded.pageSize && (
                <Group justify="center">
                  <LabelledPagination
                    total={Math.ceil(loaded.total / loaded.pageSize)}
                    value={page}
                    onChange={setPage}
                  />
                </Group>
              )}
            </Stack>
          )}
        </ListState>
      </Stack>
      {joining && (
        <ConfirmModal
          onClose={() => setJoining(null)}
          title={`Join “${joining.name}”?`}
          confirmLabel="Join group"
          confirmColor="trellis"
          pending={join.isPending}
          onConfirm={() =>
            join.mutate(joining.id, {
              onSuccess: () => {
                notifications.show({
                  color: 'trellis',
                  message: `You joined “${joining.name}”. ${joining.mentor.name} was told.`,
                });
                setJoining(null);
              },
              onError: () => setJoining(null),
            })
          }
        >
          <Text size="sm">
            {joining.mentor.name} becomes your mentor in this group, with the other members. You can be in one
            group of this program at a time; you can leave it later from its page.
          </Text>
        </ConfirmModal>
      )}
      {opening && <OpenOwnGroupModal programId={id} onClose={() => setOpening(false)} />}
    </>
  );
}

function GroupCard({
  group,
  mine,
  canJoin,
  onJoin,
}: {
  group: FindGroupItem;
  mine: boolean;
  canJoin: boolean;
  onJoin: () => void;
}) {
  const full = group.seatsLeft === 0;
  return (
    <Paper withBorder p="lg" h="100%" data-testid="group-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h5">
            {group.name}
          </Title>
          <Badge
            variant="light"
            color={mine ? 'trellis' : full ? 'gray' : 'orange'}
            radius="sm"
            tt="none"
            style={{ flexShrink: 0 }}
          >
            {mine ? 'Joined' : full ? 'Full' : `${plural(group.seatsLeft, 'seat')} left`}
          </Badge>
        </Group>
        {group.description && (
          <Text size="sm" lineClamp={3} title={group.description}>
            {group.description}
          </Text>
        )}
        <Group gap="sm" wrap="nowrap">
          <Avatar color="trellis" radius="xl" size={36} aria-hidden="true">
            {initials(group.mentor.name)}
          </Avatar>
          <Stack gap={0} miw={0}>
            <Text size="sm" fw={500}>
              {group.mentor.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              Mentor{group.mentor.title ? ` · ${group.mentor.title}` : ''}
              {group.coMentor ? ` · with ${group.coMentor.name}` : ''}
            </Text>
          </Stack>
        </Group>
        {group.mentor.skillsOffered.length > 0 && (
          <Group gap={4}>
            {group.mentor.skillsOffered.slice(0, 6).map((skill) => (
              <Badge key={skill} variant="outline" color="gray" radius="sm" tt="none" size="sm">
                {skill}
              </Badge>
            ))}
          </Group>
        )}
        <Group justify="space-between" mt="auto">
          <Text size="xs" c="dimmed">
            {group.members} of {group.maxSize} seats taken
          </Text>
          {mine ? (
            <Button component={Link} to={`/groups/${group.id}`} size="sm" variant="light">
              Open group
            </Button>
          ) : (
            canJoin && (
              <Button size="sm" onClick={onJoin} disabled={full} aria-label={`Join ${group.name}`}>
                {full ? 'Full' : 'Join'}
              </Button>
            )
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function OpenOwnGroupModal({ programId, onClose }: { programId: string; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const open = useOpenGroup(programId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (group) => {
          notifications.show({
            color: 'trellis',
            message: `“${group.name}” is open: mentees can now join it.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Open a group" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormError error={open.error} />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          <Textarea
            label="Description"
            description="What the group is about: mentees read it before they join"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            autosize
            minRows={3}
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Open group"
            pending={open.isPending}
            disabled={!name.trim()}
          />
        </Stack>
      </form>
    </Modal>
  );
}
