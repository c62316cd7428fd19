import { ActionIcon, Avatar, Button, Group, Paper, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { PersonName, personPickerProps } from '../../../components/person-name.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { initials } from '../../../lib/format.ts';
import { useMe } from '../../session/api/session.api.ts';
import { ErrorState } from '../../shell/components/states.tsx';
import { useUsers } from '../../users/api/users.api.ts';
import { useAddCoordinator, useCoordinators, useRemoveCoordinator } from '../api/programs.api.ts';

/** Program staff besides the organisation's admins: they get the admin's powers for this program only. */
export function CoordinatorsCard({ programId }: { programId: string }) {
  const isAdmin = useMe().data?.role === 'admin';
  const coordinators = useCoordinators(programId);
  const add = useAddCoordinator(programId);
  const remove = useRemoveCoordinator(programId);
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const users = useUsers({ page: 1, q: q || undefined });
  const taken = new Set((coordinators.data ?? []).map((item) => item.userId));
  // Two accounts of the same name are told apart by their email, on a second line.
  const picker = personPickerProps(
    (users.data?.items ?? []).filter(
      (user) => user.status === 'active' && user.role !== 'admin' && !taken.has(user.id),
    ),
    (user) => ({ name: user.name, email: user.email, value: user.id }),
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="coordinators-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="coordinators-heading">
            Coordinators
          </Title>
          {isAdmin && !adding && (
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconUserPlus size={16} aria-hidden="true" />}
              onClick={() => setAdding(true)}
            >
              Add
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Administrators manage every program. Coordinators manage only this one.
        </Text>
        {coordinators.isError ? (
          <ErrorState error={coordinators.error} onRetry={() => coordinators.refetch()} />
        ) : (coordinators.data ?? []).length === 0 ? (
          <Text size="sm">No coordinator yet.</Text>
        ) : (
          <Stack gap={6} component="ul" className="plain-list">
            {(coordinators.data ?? []).map((item) => (
              <Group key={item.userId} component="li" justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap">
                  <Avatar size={30} radius="xl" color="trellis" aria-hidden="true">
                    {initials(item.name)}
                  </Avatar>
                  <PersonName person={item} />
                </Group>
                {isAdmin && (
                  <Tooltip label="Remove">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${item.name} as coordinator`}
                      disabled={remove.isPending}
                      onClick={() =>
                        remove.mutate(item.userId, {
                          onError: (error) =>
                            notifications.show({
                              color: 'red',
                              title: 'Not removed',
                              message: errorMessage(error),
                            }),
                        })
                      }
                    >
                      <IconUserMinus size={18} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            ))}
          </Stack>
        )}
        {adding && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <Select
              label="Account"
              placeholder="Search by name or email"
              data={picker.data}
              renderOption={picker.renderOption}
              // The server searches names and emails; the options are not filtered again by their label.
              filter={({ options }) => options}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              nothingFoundMessage={users.isFetching ? 'Searching…' : 'No member account matches'}
              onChange={(value) =>
                value &&
                add.mutate(value, {
                  onSuccess: () => {
                    setAdding(false);
                    setSearch('');
                  },
                  onError: (error) =>
                    notifications.show({ color: 'red', title: 'Not added', message: errorMessage(error) }),
                })
              }
              style={{ flex: 1 }}
              data-autofocus
            />
            <Button variant="default" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
