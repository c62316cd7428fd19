import {
  Anchor,
  Avatar,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconDots,
  IconFileSpreadsheet,
  IconUserPlus,
  IconUsers,
  IconX,
} from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type {
  Enrolment,
  EnrolmentDecisionAction,
  EnrolmentRole,
  EnrolmentStatus,
} from '../../../../src/contracts/enrolments.contracts.ts';
import type { PersonSummary } from '../../../../src/contracts/people.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { PersonName, personPickerProps } from '../../../components/person-name.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, initials, plural } from '../../../lib/format.ts';
import { usePeopleSearch } from '../../people/api/people.api.ts';
import { EmptyState, FormError, ListState, PlaceholderRows } from '../../shell/components/states.tsx';
import {
  type EnrolmentAction,
  enrolmentStatusLabel,
  useBulkEnrol,
  useEnrolmentAction,
  useProgramEnrolments,
} from '../api/enrolment.api.ts';
import { EnrolmentCsvImport } from './enrolment-csv-import.tsx';
import { DecisionBar, DecisionModal, type DecisionTarget } from './enrolment-decisions.tsx';
import { EnrolmentStatusBadge } from './enrolment-status-badge.tsx';

export function EnrolmentsTab({ program }: { program: Program }) {
  const [role, setRole] = useState<'all' | EnrolmentRole>('all');
  const [status, setStatus] = useState<EnrolmentStatus | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [bulkOpened, setBulkOpened] = useState(false);
  const [csvOpened, setCsvOpened] = useState(false);
  // Rows picked (kept across pages), or every enrolment matching the filter; a new filter starts afresh.
  const [picked, setPicked] = useState<string[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  // The decision being confirmed, on the selection as it was when the person chose it.
  const [deciding, setDeciding] = useState<{
    action: EnrolmentDecisionAction;
    target: DecisionTarget;
  } | null>(null);
  const clearSelection = () => {
    setPicked([]);
    setAllMatching(false);
  };
  const query = {
    role: role === 'all' ? undefined : role,
    status: status ?? undefined,
    q: q || undefined,
    page,
    pageSize: 25,
  };
  const enrolments = useProgramEnrolments(program.id, query);
  const data = enrolments.data;
  const filtered = role !== 'all' || status !== null || q !== '';
  const filter = { role: query.role, status: query.status, q: query.q };
  const filterKey = JSON.stringify(filter);
  const [selectionFilter, setSelectionFilter] = useState(filterKey);
  if (selectionFilter !== filterKey) {
    setSelectionFilter(filterKey);
    clearSelection();
  }
  const pageIds = data?.items.map((item) => item.id) ?? [];
  const pagePicked = pageIds.filter((id) => picked.includes(id)).length;
  const wholePage = pageIds.length > 0 && pagePicked === pageIds.length;
  const target: DecisionTarget | null = allMatching
    ? { kind: 'filter', filter, count: data?.total ?? 0 }
    : picked.length > 0
      ? { kind: 'picked', enrolmentIds: picked }
      : null;
  const togglePage = () => {
    setAllMatching(false);
    setPicked((current) =>
      wholePage
        ? current.filter((id) => !pageIds.includes(id))
        : [...current, ...pageIds.filter((id) => !current.includes(id))],
    );
  };
  const toggleRow = (id: string) => {
    setAllMatching(false);
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  };

  return (
    <Stack gap="md">
      <Paper withBorder style={{ overflow: 'hidden' }} component="section" aria-label="Enrolments">
        <Group
          justify="space-between"
          p="md"
          align="flex-end"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Group gap="sm" align="flex-end">
            <SearchInput
              label="Search enrolments"
              placeholder="Name, email or title"
              value={search}
              onSearch={(value) => {
                setSearch(value);
                setPage(1);
              }}
              w={{ base: '100%', sm: 260 }}
            />
            <LabelledSegmentedControl
              labelId="enrolment-role-label"
              label="Role"
              value={role}
              onChange={(value) => {
                setRole(value as typeof role);
                setPage(1);
              }}
              data={[
                { value: 'all', label: 'All' },
                { value: 'mentor', label: 'Mentors' },
                { value: 'mentee', label: 'Mentees' },
              ]}
            />
            <Select
              label="Status"
              placeholder="Any status"
              data={Object.entries(enrolmentStatusLabel).map(([value, label]) => ({ value, label }))}
              value={status}
              onChange={(value) => {
                setStatus(value as EnrolmentStatus | null);
                setPage(1);
              }}
              clearable
              w={190}
            />
          </Group>
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconFileSpreadsheet size={18} aria-hidden="true" />}
              onClick={() => setCsvOpened(true)}
            >
              Import from CSV
            </Button>
            <Button
              leftSection={<IconUserPlus size={18} aria-hidden="true" />}
              onClick={() => setBulkOpened(true)}
            >
              Add people
            </Button>
          </Group>
        </Group>
        {target ? (
          <DecisionBar
            target={target}
            filtered={filtered}
            onDecide={(action) => setDeciding({ action, target })}
            onClear={clearSelection}
          />
        ) : (
          <Group px="md" py="xs" bg="gray.0">
            <Text size="sm" c="dimmed" role="status" aria-live="polite">
              {data ? plural(data.total, 'enrolment') : 'Loading enrolments…'}
            </Text>
          </Group>
        )}
        {data && wholePage && !allMatching && data.total > pageIds.length && (
          <Group px="md" py={6} gap="xs" justify="center" bg="gray.0">
            <Text size="sm">{`The ${plural(pageIds.length, 'enrolment')} on this page are selected.`}</Text>
            <Anchor component="button" type="button" size="sm" onClick={() => setAllMatching(true)}>
              Select all {plural(data.total, 'enrolment')}
              {filtered ? ' matching the filter' : ' of the program'}
            </Anchor>
          </Group>
        )}
        <ListState
          query={enrolments}
          inset
          empty={
            <EmptyState
              icon={<IconUsers size={30} />}
              title={filtered ? 'No enrolment matches' : 'Nobody has enrolled yet'}
              description={
                filtered
                  ? 'Try another filter.'
                  : program.status === 'draft'
                    ? 'Open enrolment so people can join, or add them yourself from the directory.'
                    : 'Add mentors and mentees from the directory, or wait for people to enrol.'
              }
            >
              {!filtered && (
                <Group gap="sm" justify="center">
                  <Button
                    variant="default"
                    leftSection={<IconFileSpreadsheet size={18} aria-hidden="true" />}
                    onClick={() => setCsvOpened(true)}
                  >
                    Import from CSV
                  </Button>
                  <Button
                    leftSection={<IconUserPlus size={18} aria-hidden="true" />}
                    onClick={() => setBulkOpened(true)}
                  >
                    Add people
                  </Button>
                </Group>
              )}
            </EmptyState>
          }
        >
          <Table.ScrollContainer minWidth={1080}>
            <Table aria-label="Enrolments" aria-busy={enrolments.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select every enrolment on this page"
                      checked={allMatching || wholePage}
                      indeterminate={!allMatching && pagePicked > 0 && !wholePage}
                      onChange={togglePage}
                      disabled={pageIds.length === 0}
                    />
                  </Table.Th>
                  <Table.Th miw={260}>Person</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Level</Table.Th>
                  <Table.Th>Skills</Table.Th>
                  <Table.Th>Enrolled</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data ? (
                  data.items.map((enrolment) => (
                    <EnrolmentRow
                      key={enrolment.id}
                      enrolment={enrolment}
                      selected={allMatching || picked.includes(enrolment.id)}
                      onToggle={() => toggleRow(enrolment.id)}
                    />
                  ))
                ) : (
                  <PlaceholderRows rows={4} columns={8} height={28} />
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListState>
        <TablePageFooter result={data} page={page} onChange={setPage} />
      </Paper>
      {bulkOpened && <BulkEnrolModal program={program} onClose={() => setBulkOpened(false)} />}
      {csvOpened && <EnrolmentCsvImport program={program} onClose={() => setCsvOpened(false)} />}
      {deciding && (
        <DecisionModal
          programId={program.id}
          action={deciding.action}
          target={deciding.target}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            clearSelection();
          }}
        />
      )}
    </Stack>
  );
}

function EnrolmentRow({
  enrolment,
  selected,
  onToggle,
}: {
  enrolment: Enrolment;
  selected: boolean;
  onToggle: () => void;
}) {
  const action = useEnrolmentAction();
  const person = enrolment.person;
  const skills =
    enrolment.role === 'mentor' ? enrolment.profile.skillsOffered : enrolment.profile.skillsWanted;
  const run = (kind: EnrolmentAction) =>
    action.mutate(
      { id: enrolment.id, action: kind },
      {
        onSuccess: () =>
          notifications.show({
            color: 'trellis',
            message: `${person.name} was ${kind === 'approve' ? 'approved' : kind === 'reject' ? 'rejected' : 'withdrawn'}.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
      },
    );
  const pending = enrolment.status === 'pending_approval' || enrolment.status === 'waitlisted';
  return (
    <Table.Tr bg={selected ? 'var(--mantine-color-trellis-0)' : undefined}>
      <Table.Td>
        <Checkbox aria-label={`Select ${person.name}`} checked={selected} onChange={onToggle} />
      </Table.Td>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color="trellis" aria-hidden="true">
            {initials(person.name)}
          </Avatar>
          <PersonName person={person}>
            <Link to={`/people/${person.id}`} className="row-link">
              {person.name}
            </Link>
          </PersonName>
        </Group>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{enrolment.role === 'mentor' ? 'Mentor' : 'Mentee'}</Text>
        {enrolment.role === 'mentor' && enrolment.capacity ? (
          <Text size="xs" c="dimmed">
            up to {enrolment.capacity} mentees
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <EnrolmentStatusBadge status={enrolment.status} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{person.level ?? '—'}</Text>
      </Table.Td>
      <Table.Td maw={240}>
        <Text size="sm" truncate>
          {skills.length > 0 ? skills.join(', ') : '—'}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatDate(enrolment.createdAt)}</Text>
      </Table.Td>
      <Table.Td w={190}>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {pending && (
            <>
              <Button
                size="compact-sm"
                variant="light"
                leftSection={<IconCheck size={14} aria-hidden="true" />}
                onClick={() => run('approve')}
                disabled={action.isPending}
                aria-label={`Approve ${person.name}`}
              >
                Approve
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => run('reject')}
                disabled={action.isPending}
                aria-label={`Reject ${person.name}`}
              >
                <IconX size={16} aria-hidden="true" />
              </Button>
            </>
          )}
          {!pending && enrolment.status !== 'withdrawn' && enrolment.status !== 'rejected' && (
            <Menu position="bottom-end" shadow="md">
              <Menu.Target>
                <Button
                  variant="subtle"
                  color="gray"
                  size="compact-sm"
                  aria-label={`Actions for ${person.name}`}
                >
                  <IconDots size={18} aria-hidden="true" />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" onClick={() => run('withdraw')}>
                  Withdraw from the program
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function BulkEnrolModal({ program, onClose }: { program: Program; onClose: () => void }) {
  const [role, setRole] = useState<EnrolmentRole>('mentee');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [selected, setSelected] = useState<string[]>([]);
  // The people picked so far, kept while the search moves on (their pills need their names).
  const [picked, setPicked] = useState<Record<string, PersonSummary>>({});
  const [capacity, setCapacity] = useState<number>(program.mentorDefaultCapacity);
  const people = usePeopleSearch(q);
  const bulk = useBulkEnrol(program.id);

  // Two people of the same name are told apart by a second line: title · department · email.
  const picker = personPickerProps(
    [
      ...selected.flatMap((id) => (picked[id] ? [picked[id]] : [])),
      ...(people.data?.items ?? []).filter((person) => !selected.includes(person.id)),
    ],
    (person) => ({ ...person, value: person.id }),
    { labelWithDetail: true },
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    bulk.mutate(
      { role, personIds: selected, capacity: role === 'mentor' ? capacity : undefined },
      {
        onSuccess: (result) => {
          const parts = [`${plural(result.created, 'person', 'people')} enrolled as ${role}s`];
          if (result.waitlisted) parts.push(`${result.waitlisted} waitlisted`);
          if (result.pendingApproval) parts.push(`${result.pendingApproval} awaiting approval`);
          notifications.show({ color: 'trellis', title: 'People added', message: `${parts.join(', ')}.` });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="Add people to the program" size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError error={bulk.error} />
          <LabelledSegmentedControl
            labelId="bulk-role-label"
            label="Enrol as"
            value={role}
            onChange={(value) => setRole(value as EnrolmentRole)}
            data={[
              { value: 'mentee', label: 'Mentees' },
              { value: 'mentor', label: 'Mentors' },
            ]}
          />
          <MultiSelect
            label="People"
            description="Search the directory by name, email or title"
            placeholder={selected.length === 0 ? 'Start typing a name' : undefined}
            data={picker.data}
            renderOption={picker.renderOption}
            value={selected}
            onChange={(value) => {
              setSelected(value);
              setPicked((current) => {
                const next = { ...current };
                for (const person of people.data?.items ?? [])
                  if (value.includes(person.id)) next[person.id] = person;
                return next;
              });
            }}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody matches'}
            hidePickedOptions
            data-autofocus
          />
          {role === 'mentor' && (
            <NumberInput
              label="Capacity"
              description="Mentees each of these mentors takes"
              min={1}
              max={20}
              value={capacity}
              onChange={(value) => setCapacity(Number(value) || 1)}
              w={{ base: '100%', sm: 320 }}
            />
          )}
          <Text size="sm" c="dimmed">
            Their profiles start empty; each person can complete theirs from Mentoring.
          </Text>
          <FormActions
            onCancel={onClose}
            submitLabel={
              selected.length === 0 ? 'Add people' : `Add ${plural(selected.length, 'person', 'people')}`
            }
            pending={bulk.isPending}
            disabled={selected.length === 0}
          />
        </Stack>
      </form>
    </Modal>
  );
}
