import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp, IconFilterOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { PersonSummary } from '../../../../src/contracts/people.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { PersonName } from '../../../components/person-name.tsx';
import { formatNumber, plural } from '../../../lib/format.ts';
import type { PeopleListQuery, usePeople } from '../api/people.api.ts';
import { type DirectoryParams, PAGE_SIZES, type SortKey } from './directory-params.ts';

/** The directory's result: what is shown, the sortable table a page at a time, rows per page. */
export function PeopleTable({
  people,
  params,
}: {
  people: ReturnType<typeof usePeople>;
  params: DirectoryParams;
}) {
  const data = people.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const first = data && data.total > 0 ? (data.page - 1) * data.pageSize + 1 : 0;
  const last = data ? Math.min(data.total, data.page * data.pageSize) : 0;
  return (
    <Paper withBorder component="section" aria-label="People" style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="md" py="sm" bg="gray.0">
        <Text size="sm" c="dimmed" role="status" aria-live="polite" aria-atomic="true">
          {!data
            ? 'Loading people…'
            : data.total === 0
              ? 'No matches'
              : `Showing ${formatNumber(first)}–${formatNumber(last)} of ${plural(data.total, 'person', 'people')}`}
        </Text>
        {params.hasFilters && (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconFilterOff size={16} aria-hidden="true" />}
            onClick={params.clearFilters}
          >
            Clear filters
          </Button>
        )}
      </Group>
      {data && data.total === 0 ? (
        <Stack align="center" gap="xs" py={48} px="md" ta="center">
          <Text fw={600}>No one matches these filters</Text>
          <Text size="sm" c="dimmed">
            Try a shorter search or remove a filter.
          </Text>
          <Button variant="default" mt="xs" onClick={params.clearFilters}>
            Clear filters
          </Button>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table
            aria-label="People"
            aria-busy={people.isFetching}
            style={{ opacity: people.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <SortableHeader label="Name" sortKey="name" query={params.query} onSort={params.sortBy} />
                <SortableHeader label="Title" sortKey="title" query={params.query} onSort={params.sortBy} />
                <SortableHeader
                  label="Department"
                  sortKey="department"
                  query={params.query}
                  onSort={params.sortBy}
                />
                <SortableHeader label="Level" sortKey="level" query={params.query} onSort={params.sortBy} />
                <SortableHeader
                  label="Location"
                  sortKey="location"
                  query={params.query}
                  onSort={params.sortBy}
                />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data
                ? data.items.map((person) => <PersonRow key={person.id} person={person} />)
                : Array.from({ length: 8 }, (_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                    <Table.Tr key={index}>
                      {Array.from({ length: 5 }, (_, cell) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                        <Table.Td key={cell}>
                          <Skeleton height={14} radius="sm" />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {data && data.total > 0 && (
        <Group
          justify="space-between"
          px="md"
          py="sm"
          style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Group gap="xs">
            <Text size="sm" c="dimmed" component="label" htmlFor="page-size">
              Rows per page
            </Text>
            <Select
              id="page-size"
              w={84}
              size="xs"
              data={PAGE_SIZES}
              value={String(params.query.pageSize)}
              onChange={(value) => params.update({ pageSize: value === '25' ? null : value })}
              allowDeselect={false}
            />
          </Group>
          <LabelledPagination
            total={totalPages}
            value={data.page}
            onChange={(page) => params.update({ page: page === 1 ? null : String(page) })}
            size="sm"
          />
        </Group>
      )}
    </Paper>
  );
}

function SortableHeader({
  label,
  sortKey,
  query,
  onSort,
}: {
  label: string;
  sortKey: SortKey;
  query: PeopleListQuery;
  onSort: (key: SortKey) => void;
}) {
  const active = (query.sort ?? 'name') === sortKey;
  const order = query.order ?? 'asc';
  const Icon = !active ? IconArrowsSort : order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton className="sort-button" onClick={() => onSort(sortKey)}>
        {label}
        <Icon size={14} aria-hidden="true" style={{ opacity: active ? 1 : 0.45 }} />
        <VisuallyHidden>
          {active ? `, sorted ${order === 'asc' ? 'ascending' : 'descending'}` : ', sort'}
        </VisuallyHidden>
      </UnstyledButton>
    </Table.Th>
  );
}

function PersonRow({ person }: { person: PersonSummary }) {
  return (
    <Table.Tr>
      <Table.Td>
        {/* Title and department have their own columns: the email tells namesakes apart under the name. */}
        <PersonName
          person={{ name: person.name, email: person.email }}
          badge={
            person.status !== 'active' && (
              <Badge size="xs" color="gray" variant="light">
                {person.status === 'inactive' ? 'Inactive' : 'Erased'}
              </Badge>
            )
          }
        >
          <Anchor component={Link} to={`/people/${person.id}`} className="row-link">
            {person.name}
          </Anchor>
        </PersonName>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{person.title ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{person.department ?? '—'}</Text>
        {person.jobFunction && (
          <Text size="xs" c="dimmed">
            {person.jobFunction}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{person.level ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{person.location ?? '—'}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
