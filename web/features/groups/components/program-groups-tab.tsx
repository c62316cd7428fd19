import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconPlus, IconUsersGroup, IconUserX, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { GroupStatus, GroupSummary } from '../../../../src/contracts/groups.contracts.ts';
import type { NoticeTally } from '../../../../src/contracts/notice-tally.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { PersonName, personPickerProps } from '../../../components/person-name.tsx';
import { formatDate, plural } from '../../../lib/format.ts';
import { useProgramEnrolments } from '../../enrolment/api/enrolment.api.ts';
import { ProgramLeaversPanel } from '../../relationships/components/leavers-panel.tsx';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import {
  EmptyState,
  ErrorState,
  FormError,
  ListState,
  LoadingState,
  PlaceholderRows,
} from '../../shell/components/states.tsx';
import {
  groupStatusColor,
  groupStatusLabel,
  useGroupChange,
  useGroupMembership,
  useOpenGroup,
  useProgramGroups,
} from '../api/groups.api.ts';

export function GroupStatusBadge({ status }: { status: GroupStatus }) {
  return (
    <Badge
      variant={status === 'active' ? 'filled' : 'light'}
      color={groupStatusColor[status]}
      radius="sm"
      style={{ flex: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {groupStatusLabel[status]}
    </Badge>
  );
}

/** "Told 5 people: 3 by email, 2 in the app." */
function toldSentence(told: NoticeTally): string {
  if (told.people === 0) return '';
  const parts = [
    told.byEmail ? `${told.byEmail} by email` : '',
    told.inDigest ? `${told.inDigest} in their digest` : '',
    told.inAppOnly ? `${told.inAppOnly} in the app` : '',
  ].filter(Boolean);
  return ` Told ${plural(told.people, 'person', 'people')}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

/** Staff: the program's groups with their numbers (never their content), and what staff do to them. */
export function ProgramGroupsTab({ program }: { program: Program }) {
  const [status, setStatus] = useState<GroupStatus | null>(null);
  const [page, setPage] = useState(1);
  const groups = useProgramGroups(program.id, { status: status ?? undefined, page, pageSize: 25 });
  const [creating, setCreating] = useState(false);
  const [opening, setOpening] = useState(false);
  const [managing, setManaging] = useState<string | null>(null);
  const [closing, setClosing] = useState<GroupSummary | null>(null);
  const data = groups.data;
  const selfSelect = program.matchingMode !== 'admin';

  return (
    <Stack gap="lg">
      {/* Mentors or members who left the organisation: staff end their memberships from here, as for pairs. */}
      <ProgramLeaversPanel programId={program.id} />
      <Paper withBorder style={{ overflow: 'hidden' }} component="section" aria-label="Groups">
        <Group
          justify="space-between"
          p="md"
          align="flex-end"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Group align="flex-end">
            <Select
              label="Status"
              placeholder="Any status"
              data={Object.entries(groupStatusLabel).map(([value, label]) => ({ value, label }))}
              value={status}
              onChange={(value) => {
                setStatus(value as GroupStatus | null);
                setPage(1);
              }}
              clearable
              w={200}
            />
            <Text size="sm" c="dimmed" role="status" aria-live="polite">
              {data ? plural(data.total, 'group') : 'Loading…'}
            </Text>
          </Group>
          <Group gap="sm">
            {selfSelect && (
              <Button variant="default" onClick={() => setOpening(true)}>
                Open a group to join
              </Button>
            )}
            <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
              Create group
            </Button>
          </Group>
        </Group>
        <ListState
          query={groups}
          inset
          empty={
            <EmptyState
              icon={<IconUsersGroup size={30} />}
              title={status ? 'No group with this status' : 'No groups yet'}
              description={`Groups appear when you create one, publish a match run${selfSelect ? ', or a mentor opens one for mentees to join' : ''}. Each has one mentor and ${program.groupMinSize} to ${program.groupMaxSize} mentees.`}
            />
          }
        >
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Groups" aria-busy={groups.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Group</Table.Th>
                  <Table.Th>Mentor</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>Co-mentor</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>Status</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }} ta="right">
                    Seats
                  </Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }} ta="right">
                    Meetings held
                  </Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }} ta="right">
                    Goals done
                  </Table.Th>
                  <Table.Th w={60}>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {!data ? (
                  <PlaceholderRows rows={3} columns={8} height={24} />
                ) : (
                  data.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Stack gap={0} maw={260}>
                          {/* The group's page is its members' (staff get aggregates): the name opens its members. */}
                          <Anchor
                            component="button"
                            type="button"
                            size="sm"
                            fw={600}
                            ta="left"
                            onClick={() => setManaging(item.id)}
                            aria-label={`${item.name}: members`}
                          >
                            {item.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            Since {formatDate(item.createdAt)}
                            {item.closedAt ? ` · closed ${formatDate(item.closedAt)}` : ''}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Box maw={220}>
                          <PersonName person={item.mentor}>
                            <Link to={`/people/${item.mentor.personId}`} className="row-link">
                              {item.mentor.name}
                            </Link>
                          </PersonName>
                        </Box>
                      </Table.Td>
                      <Table.Td>
                        {item.coMentor ? (
                          <Box maw={200}>
                            <PersonName person={item.coMentor} />
                          </Box>
                        ) : (
                          <Text size="sm" c="dimmed">
                            None
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <GroupStatusBadge status={item.status} />
                      </Table.Td>
                      <Table.Td ta="right" className="stat-value">
                        <Text size="sm" aria-label={`${item.members} of ${item.maxSize} seats taken`}>
                          {item.members} of {item.maxSize}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" className="stat-value">
                          {item.meetingsHeld}
                        </Text>
                        {item.lastMeetingAt && (
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            last {formatDate(item.lastMeetingAt)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right" className="stat-value">
                        <Text size="sm">
                          {item.goalsTotal === 0 ? '—' : `${item.goalsDone} of ${item.goalsTotal}`}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Menu position="bottom-end" shadow="md">
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${item.name}`}>
                              <IconDots size={18} aria-hidden="true" />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              leftSection={<IconPencil size={16} aria-hidden="true" />}
                              onClick={() => setManaging(item.id)}
                            >
                              {item.status === 'closed' ? 'Members…' : 'Manage members…'}
                            </Menu.Item>
                            {item.status !== 'closed' && (
                              <Menu.Item
                                color="red"
                                leftSection={<IconX size={16} aria-hidden="true" />}
                                onClick={() => setClosing(item)}
                              >
                                Close group…
                              </Menu.Item>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListState>
        <TablePageFooter result={data} page={page} onChange={setPage} />
        {creating && <CreateGroupModal program={program} onClose={() => setCreating(false)} />}
        {opening && <OpenGroupModal program={program} onClose={() => setOpening(false)} />}
        {managing && (
          <ManageGroupModal program={program} groupId={managing} onClose={() => setManaging(null)} />
        )}
        {closing && <CloseGroupModal group={closing} onClose={() => setClosing(null)} />}
      </Paper>
    </Stack>
  );
}

/** A picker of the program's approved mentors or mentees, searched on the server. */
function useEnrolmentPicker(programId: string, role: 'mentor' | 'mentee', search: string) {
  const [q] = useDebouncedValue(search, 250);
  const enrolments = useProgramEnrolments(programId, {
    role,
    status: 'approved',
    q: q || undefined,
    pageSize: 50,
  });
  return { enrolments, items: enrolments.data?.items ?? [] };
}

function MentorSelect({
  programId,
  label,
  value,
  onChange,
  exclude,
  error,
  autoFocus,
}: {
  programId: string;
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  exclude?: string | null;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const [search, setSearch] = useState('');
  const { enrolments, items } = useEnrolmentPicker(programId, 'mentor', search);
  const picker = personPickerProps(
    items.filter((e) => e.id !== exclude),
    (e) => ({ ...e.person, value: e.id }),
  );
  return (
    <Select
      label={label}
      placeholder="Search mentors"
      data={picker.data}
      renderOption={picker.renderOption}
      description={picker.secondLineOf(value) || undefined}
      filter={({ options }) => options}
      value={value}
      onChange={onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={enrolments.isFetching ? 'Searching…' : 'No mentor matches'}
      error={error}
      data-autofocus={autoFocus || undefined}
    />
  );
}

function MenteesSelect({
  programId,
  value,
  onChange,
  label,
  description,
  error,
}: {
  programId: string;
  value: string[];
  onChange: (value: string[]) => void;
  label: string;
  description: string;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState('');
  const [known, setKnown] = useState<Record<string, { name: string }>>({});
  const { enrolments, items } = useEnrolmentPicker(programId, 'mentee', search);
  // The chosen ones stay in the options while the search shows others, so their pills keep their names.
  const chosen = value
    .filter((id) => !items.some((e) => e.id === id))
    .map((id) => ({ id, person: { name: known[id]?.name ?? 'Chosen mentee' } }));
  const picker = personPickerProps(
    [...items.map((e) => ({ id: e.id, person: e.person })), ...chosen],
    (e) => ({ ...e.person, value: e.id }),
  );
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? 'Search mentees' : undefined}
      data={picker.data}
      renderOption={picker.renderOption}
      filter={({ options }) => options}
      value={value}
      onChange={(next) => {
        const names = { ...known };
        for (const e of items) names[e.id] = { name: e.person.name };
        setKnown(names);
        onChange(next);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={enrolments.isFetching ? 'Searching…' : 'No mentee matches'}
      error={error}
    />
  );
}

function CreateGroupModal({ program, onClose }: { program: Program; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [mentor, setMentor] = useState<string | null>(null);
  const [coMentor, setCoMentor] = useState<string | null>(null);
  const [mentees, setMentees] = useState<string[]>([]);
  const change = useGroupChange();
  const fieldErrors = (change.error as { fieldErrors?: Record<string, string> } | null)?.fieldErrors ?? {};
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!mentor) return;
    change.mutate(
      {
        kind: 'create',
        programId: program.id,
        body: {
          name: name.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          mentorEnrolmentId: mentor,
          coMentorEnrolmentId: coMentor,
          menteeEnrolmentIds: mentees,
        },
      },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'trellis',
            message: `“${result.group.name}” was created with ${plural(result.group.members, 'member')}.${toldSentence(result.told)}`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Create a group" centered size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormError error={Object.keys(fieldErrors).length ? undefined : change.error} />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldErrors.name}
            data-autofocus
          />
          <Textarea
            label="Description"
            description="What the group is about; its members read it"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <MentorSelect
            programId={program.id}
            label="Mentor"
            value={mentor}
            onChange={setMentor}
            exclude={coMentor}
            error={fieldErrors.mentorEnrolmentId}
          />
          <MentorSelect
            programId={program.id}
            label="Co-mentor (optional)"
            value={coMentor}
            onChange={setCoMentor}
            exclude={mentor}
            error={fieldErrors.coMentorEnrolmentId}
          />
          <MenteesSelect
            programId={program.id}
            label="Mentees"
            description={`Between ${program.groupMinSize} and ${program.groupMaxSize} (${mentees.length} chosen)`}
            value={mentees}
            onChange={setMentees}
            error={fieldErrors.menteeEnrolmentIds}
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Create group"
            pending={change.isPending}
            disabled={!mentor || !name.trim()}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function OpenGroupModal({ program, onClose }: { program: Program; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [mentor, setMentor] = useState<string | null>(null);
  const open = useOpenGroup(program.id);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!mentor) return;
    open.mutate(
      {
        mentorEnrolmentId: mentor,
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      },
      {
        onSuccess: (group) => {
          notifications.show({
            color: 'trellis',
            message: `“${group.name}” is open: mentees can find it and join.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Open a group for mentees to join" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormError error={open.error} />
          <MentorSelect programId={program.id} label="Mentor" value={mentor} onChange={setMentor} autoFocus />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Textarea
            label="Description"
            description="What mentees read before they join"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Open group"
            pending={open.isPending}
            disabled={!mentor || !name.trim()}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function ManageGroupModal({
  program,
  groupId,
  onClose,
}: {
  program: Program;
  groupId: string;
  onClose: () => void;
}) {
  const group = useGroupMembership(groupId);
  const change = useGroupChange();
  const [adding, setAdding] = useState<string[]>([]);
  const [removing, setRemoving] = useState<{ enrolmentId: string; name: string } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const data = group.data;
  const live = data ? data.status !== 'closed' : false;
  const seatsLeft = data ? Math.max(0, data.maxSize - data.members) : 0;
  const done = (message: string) => notifications.show({ color: 'trellis', message });

  return (
    <Modal opened onClose={onClose} title={data ? data.name : 'Group'} centered size="lg">
      {group.isPending ? (
        <LoadingState label="Loading the group…" />
      ) : group.isError ? (
        <ErrorState error={group.error} onRetry={() => group.refetch()} />
      ) : (
        <Stack>
          <FormError error={change.error} />
          <Group justify="space-between" align="flex-end">
            {renaming === null ? (
              <Text size="sm">
                {data!.members} of {data!.maxSize} seats taken · mentor {data!.mentor.name}
              </Text>
            ) : (
              <TextInput
                label="Name"
                value={renaming}
                onChange={(event) => setRenaming(event.currentTarget.value)}
                data-autofocus
              />
            )}
            {live &&
              (renaming === null ? (
                <Button variant="subtle" size="compact-sm" onClick={() => setRenaming(data!.name)}>
                  Rename
                </Button>
              ) : (
                <Group gap="xs">
                  <Button variant="default" size="compact-sm" onClick={() => setRenaming(null)}>
                    Cancel
                  </Button>
                  <Button
                    size="compact-sm"
                    loading={change.isPending}
                    disabled={!renaming.trim()}
                    onClick={() =>
                      change.mutate(
                        { kind: 'update', groupId, body: { name: renaming.trim() } },
                        {
                          onSuccess: () => {
                            setRenaming(null);
                            done('The group was renamed.');
                          },
                        },
                      )
                    }
                  >
                    Save name
                  </Button>
                </Group>
              ))}
          </Group>
          {live && (
            <MentorSelect
              programId={program.id}
              label="Co-mentor"
              value={data!.coMentor?.enrolmentId ?? null}
              exclude={data!.mentor.enrolmentId}
              onChange={(value) =>
                change.mutate(
                  { kind: 'update', groupId, body: { coMentorEnrolmentId: value } },
                  {
                    onSuccess: () =>
                      done(value ? 'The co-mentor was set.' : 'The group has no co-mentor now.'),
                  },
                )
              }
            />
          )}
          <Table aria-label="Members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Joined</Table.Th>
                <Table.Th w={60}>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data!.memberList.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text size="sm" c="dimmed">
                      No members now.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : (
                data!.memberList.map((m) => (
                  <Table.Tr key={m.relationshipId}>
                    <Table.Td>
                      <PersonName person={m} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.joinedAt ? formatDate(m.joinedAt) : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {live && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${m.name} from the group`}
                          onClick={() => setRemoving({ enrolmentId: m.enrolmentId, name: m.name })}
                        >
                          <IconUserX size={18} aria-hidden="true" />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
          {live && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                change.mutate(
                  { kind: 'add', groupId, body: { menteeEnrolmentIds: adding } },
                  {
                    onSuccess: (result) => {
                      setAdding([]);
                      done(`${plural(adding.length, 'member')} added.${toldSentence(result.told)}`);
                    },
                  },
                );
              }}
            >
              <Stack gap="xs">
                <MenteesSelect
                  programId={program.id}
                  label="Add mentees"
                  description={seatsLeft === 0 ? 'The group is full' : `${plural(seatsLeft, 'seat')} left`}
                  value={adding}
                  onChange={setAdding}
                />
                <Group justify="flex-end">
                  <Button type="submit" loading={change.isPending} disabled={adding.length === 0}>
                    Add to group
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      )}
      {removing && (
        <ConfirmModal
          onClose={() => setRemoving(null)}
          title={`Remove ${removing.name} from the group?`}
          confirmLabel="Remove"
          pending={change.isPending}
          onConfirm={() =>
            change.mutate(
              { kind: 'remove', groupId, enrolmentId: removing.enrolmentId },
              {
                onSuccess: () => {
                  done(`${removing.name} was removed. They and the mentor were told.`);
                  setRemoving(null);
                },
              },
            )
          }
        >
          <Text size="sm">
            Their relationship in the group ends early; the rest of the group continues. They can join another
            group or find a mentor afterwards.
          </Text>
        </ConfirmModal>
      )}
    </Modal>
  );
}

function CloseGroupModal({ group, onClose }: { group: GroupSummary; onClose: () => void }) {
  const change = useGroupChange();
  const [note, setNote] = useState('');
  return (
    <ConfirmModal
      onClose={onClose}
      title={`Close “${group.name}”?`}
      confirmLabel="Close group"
      pending={change.isPending}
      onConfirm={() =>
        change.mutate(
          { kind: 'close', groupId: group.id, body: note.trim() ? { note: note.trim() } : {} },
          {
            onSuccess: (result) => {
              notifications.show({
                color: 'trellis',
                message: `“${group.name}” is closed.${toldSentence(result.told)}`,
              });
              onClose();
            },
          },
        )
      }
    >
      <Stack>
        <FormError error={change.error} />
        <Text size="sm">
          Every member’s mentoring in the group is marked completed ({plural(group.members, 'member')}) and
          the closing survey opens for them. The group’s workspace stays readable.
        </Text>
        <Textarea
          label="Note to the members (optional)"
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
        />
      </Stack>
    </ConfirmModal>
  );
}
