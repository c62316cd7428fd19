import { Group, Paper, Select, SimpleGrid, Stack } from '@mantine/core';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { usePeopleFacets } from '../api/people.api.ts';
import type { DirectoryParams } from './directory-params.ts';

/** The directory's search box, status (admins) and the department, function, level and location filters. */
export function DirectoryFilters({ params, isAdmin }: { params: DirectoryParams; isAdmin: boolean }) {
  const facets = usePeopleFacets();
  return (
    <Paper withBorder p="md" component="section" aria-label="Search and filters">
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SearchInput
            label="Search people"
            placeholder="Name, email or title"
            value={params.search}
            onSearch={params.setSearch}
            onKeyDown={(event) => {
              if (event.key === 'Enter') params.update({ q: params.search.trim() || null });
            }}
            style={{ flex: '1 1 280px' }}
            data-testid="directory-search"
          />
          {isAdmin && (
            <LabelledSegmentedControl
              labelId="status-filter-label"
              label="Status"
              value={params.query.status ?? 'active'}
              onChange={(value) => params.update({ status: value === 'active' ? null : value })}
              data={[
                { value: 'active', label: 'Active' },
                { value: 'inactive', label: 'Inactive' },
                { value: 'all', label: 'All' },
              ]}
            />
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Select
            label="Department"
            placeholder="All departments"
            data={facets.data?.departments ?? []}
            value={params.query.department ?? null}
            onChange={(value) => params.update({ department: value })}
            clearable
            searchable
            nothingFoundMessage="No department"
          />
          <Select
            label="Job function"
            placeholder="All functions"
            data={facets.data?.jobFunctions ?? []}
            value={params.query.jobFunction ?? null}
            onChange={(value) => params.update({ jobFunction: value })}
            clearable
            searchable
            nothingFoundMessage="No job function"
          />
          <Select
            label="Level"
            placeholder="All levels"
            data={(facets.data?.levels ?? []).map((level) => ({
              value: String(level),
              label: `Level ${level}`,
            }))}
            value={params.query.level !== undefined ? String(params.query.level) : null}
            onChange={(value) => params.update({ level: value })}
            clearable
          />
          <Select
            label="Location"
            placeholder="All locations"
            data={facets.data?.locations ?? []}
            value={params.query.location ?? null}
            onChange={(value) => params.update({ location: value })}
            clearable
            searchable
            nothingFoundMessage="No location"
          />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
