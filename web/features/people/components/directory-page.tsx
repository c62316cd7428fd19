import { Button, Stack } from '@mantine/core';
import { IconFileImport, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState } from '../../shell/components/states.tsx';
import { usePeople } from '../api/people.api.ts';
import { DirectoryFilters } from './directory-filters.tsx';
import { useDirectoryParams } from './directory-params.ts';
import { PeopleTable } from './people-table.tsx';

export function DirectoryPage() {
  const me = useMe().data;
  const isAdmin = me?.role === 'admin';
  const params = useDirectoryParams();
  const people = usePeople(params.query);

  const data = people.data;
  // Setting up an organisation adds its first admin to the directory: "only me" still means nobody was imported.
  const onlyMe = data?.total === 1 && data.items[0]?.id === me?.personId;
  const organisationEmpty = data && !params.hasFilters && (data.total === 0 || onlyMe);

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
          <DirectoryFilters params={params} isAdmin={isAdmin} />

          {people.isError ? (
            <ErrorState error={people.error} onRetry={() => people.refetch()} />
          ) : (
            <PeopleTable people={people} params={params} />
          )}
        </Stack>
      )}
    </>
  );
}
