import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconFileImport,
  IconFilterOff,
  IconSearch,
  IconUsers,
} from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PersonSummary } from '../../../../src/contracts/people.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { formatNumber, plural } from '../../../lib/format.ts';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState } from '../../shell/components/states.tsx';
import { type PeopleListQuery, usePeople, usePeopleFacets } from '../api/people.api.ts';

type SortKey = 'name' | 'title' | 'department' | 'level' | 'location';
const FILTER_KEYS = ['department', 'jobFunction', 'level', 'location'] as const;
const PAGE_SIZES = ['25', '50', '100'];

function readQuery(params: URLSearchParams): PeopleListQuery {
  const level = params.get('level');
  const status = params.get('status');
  const order = params.get('order');
  return {
    q: params.get('q') || undefined,
    department: params.get('department') || undefined,
    jobFunction: params.get('jobFunction') || undefined,
    level: level !== null && level !== '' && !Number.isNaN(Number(level)) ? Number(level) : undefined,
    location: params.get('location') || undefined,
    status: status === 'inactive' || status === 'all' ? status : undefined,
    sort: (params.get('sort') as PeopleListQuery['sort']) || undefined,
    order: order === 'desc' ? 'desc' : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(params.get('pageSize') ?? '') ? Number(params.get('pageSize')) : 25,
  };
}

export function DirectoryPage() {
  const me = useMe().data;
  const isAdmin = me?.role === 'admin';
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const people = usePeople(query);
  const facets = usePeopleFacets();

  // The search box is typed into locally and written to the URL once typing pauses.
  const urlSearch = params.get('q') ?? '';
  const [search, setSearch] = useState(urlSearch);
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const urlSearchRef = useRef(urlSearch);
  urlSearchRef.current = urlSearch;
  useEffect(() => setSearch(urlSearch), [urlSearch]);
  // Only a new debounced value writes the URL (not a URL change from back/forward), hence the refs.
  const updateRef = useRef(update);
  updateRef.current = update;
  useEffect(() => {
    if (debouncedSearch.trim() === urlSearchRef.current.trim()) return;
    updateRef.current({ q: debouncedSearch.trim() || null });
  }, [debouncedSearch]);

  /** Change some parameters; any change other than the page goes back to page 1. */
  function update(changes: Record<string, string | null>) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  }

  const hasFilters = Boolean(
    query.q || FILTER_KEYS.some((key) => params.get(key)) || (query.status && query.status !== 'active'),
  );
  const clearFilters = () => {
    setSearch('');
    setParams(new URLSearchParams());
  };

  const onSort = (key: SortKey) => {
    const currentSort = query.sort ?? 'name';
    const currentOrder = query.order ?? 'asc';
    const order = currentSort === key && currentOrder === 'asc' ? 'desc' : 'asc';
    update({ sort: key === 'name' ? null : key, order: order === 'asc' ? null : 'desc' });
  };

  const data = people.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const first = data && data.total > 0 ? (data.page - 1) * data.pageSize + 1 : 0;
  const last = data ? Math.min(data.total, data.page * data.pageSize) : 0;
  const facetData = facets.data;
  // Setting up an organisation adds its first admin to the directory: "only me" still means nobody was imported.
  const onlyMe = data?.total === 1 && data.items[0]?.id === me?.personId;
  const organisationEmpty = data && !hasFilters && (data.total === 0 || onlyMe);

  return (
    <>
      <PageHeader
        title="Directory"
        description="Everyone in your organisation, as imported from your HRIS."
        actions={
          isAdmin && (
            <Button
              component={Link}
              to="/import"
              variant="default"
              leftSection={<IconFileImport size={18} aria-hidden="true" />}
            >
              Import people
            </Button>
          )
        }
      />
      {organisationEmpty ? (
        <EmptyState
          icon={<IconUsers size={30} />}
          title="No people yet — import your HRIS export"
          description={
            isAdmin
              ? 'Upload a CSV from your HR system (Workday, BambooHR, Personio…). Trellis maps the columns and checks every row before anything changes.'
              : 'An administrator has not imported your organisation yet. Check back soon.'
          }
        >
          {isAdmin && (
            <Button
              component={Link}
              to="/import"
              leftSection={<IconFileImport size={18} aria-hidden="true" />}
            >
              Import people
            </Button>
          )}
        </EmptyState>
      ) : (
        <Stack gap="md">
          <Paper withBorder p="md" component="section" aria-label="Search and filters">
            <Stack gap="sm">
              <Group gap="sm" align="flex-end" wrap="wrap">
                <TextInput
                  label="Search people"
                  placeholder="Name, email or title"
                  leftSection={<IconSearch size={16} aria-hidden="true" />}
                  value={search}
                  onChange={(event) => setSearch(event.currentTarget.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') update({ q: search.trim() || null });
                  }}
                  style={{ flex: '1 1 280px' }}
                  type="search"
                  data-testid="directory-search"
                />
                {isAdmin && (
                  <Stack gap={4}>
                    <Text size="sm" fw={500} id="status-filter-label">
                      Status
                    </Text>
                    <SegmentedControl
                      aria-labelledby="status-filter-label"
                      value={query.status ?? 'active'}
                      onChange={(value) => update({ status: value === 'active' ? null : value })}
                      data={[
                        { value: 'active', label: 'Active' },
                        { value: 'inactive', label: 'Inactive' },
                        { value: 'all', label: 'All' },
                      ]}
                    />
                  </Stack>
                )}
              </Group>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
                <Select
                  label="Department"
                  placeholder="All departments"
                  data={facetData?.departments ?? []}
                  value={query.department ?? null}
                  onChange={(value) => update({ department: value })}
                  clearable
                  searchable
                  nothingFoundMessage="No department"
                />
                <Select
                  label="Job function"
                  placeholder="All functions"
                  data={facetData?.jobFunctions ?? []}
                  value={query.jobFunction ?? null}
                  onChange={(value) => update({ jobFunction: value })}
                  clearable
                  searchable
                  nothingFoundMessage="No job function"
                />
                <Select
                  label="Level"
                  placeholder="All levels"
                  data={(facetData?.levels ?? []).map((level) => ({
                    value: String(level),
                    label: `Level ${level}`,
                  }))}
                  value={query.level !== undefined ? String(query.level) : null}
                  onChange={(value) => update({ level: value })}
                  clearable
                />
                <Select
                  label="Location"
                  placeholder="All locations"
                  data={facetData?.locations ?? []}
                  value={query.location ?? null}
                  onChange={(value) => update({ location: value })}
                  clearable
                  searchable
                  nothingFoundMessage="No location"
                />
              </SimpleGrid>
            </Stack>
          </Paper>

          {people.isError ? (
            <ErrorState error={people.error} onRetry={() => people.refetch()} />
          ) : (
            <Paper withBorder component="section" aria-label="People" style={{ overflow: 'hidden' }}>
              <Group justify="space-between" px="md" py="sm" bg="gray.0">
                <Text size="sm" c="dimmed" role="status" aria-live="polite" aria-atomic="true">
                  {!data
                    ? 'Loading people…'
                    : data.total === 0
                      ? 'No matches'
                      : `Showing ${formatNumber(first)}–${formatNumber(last)} of ${plural(data.total, 'person', 'people')}`}
                </Text>
                {hasFilters && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={<IconFilterOff size={16} aria-hidden="true" />}
                    onClick={clearFilters}
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
                  <Button variant="default" mt="xs" onClick={clearFilters}>
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
                        <SortableHeader label="Name" sortKey="name" query={query} onSort={onSort} />
                        <SortableHeader label="Title" sortKey="title" query={query} onSort={onSort} />
                        <SortableHeader
                          label="Department"
                          sortKey="department"
                          query={query}
                          onSort={onSort}
                        />
                        <SortableHeader label="Level" sortKey="level" query={query} onSort={onSort} />
                        <SortableHeader label="Location" sortKey="location" query={query} onSort={onSort} />
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
                      value={String(query.pageSize)}
                      onChange={(value) => update({ pageSize: value === '25' ? null : value })}
                      allowDeselect={false}
                    />
                  </Group>
                  <LabelledPagination
                    total={totalPages}
                    value={data.page}
                    onChange={(page) => update({ page: page === 1 ? null : String(page) })}
                    size="sm"
                  />
                </Group>
              )}
            </Paper>
          )}
        </Stack>
      )}
    </>
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
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/people/${person.id}`} className="row-link">
              {person.name}
            </Anchor>
            {person.status !== 'active' && (
              <Badge size="xs" color="gray" variant="light">
                {person.status === 'inactive' ? 'Inactive' : 'Erased'}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {person.email}
          </Text>
        </Stack>
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
