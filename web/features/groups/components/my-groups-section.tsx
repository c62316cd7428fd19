import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { MyGroup } from '../../../../src/contracts/groups.contracts.ts';
import { ErrorState } from '../../shell/components/states.tsx';
import { useMyGroups } from '../api/groups.api.ts';
import { GroupStatusBadge } from './program-groups-tab.tsx';

const roleLabel: Record<MyGroup['myRole'], string> = {
  mentor: 'You mentor this group',
  co_mentor: 'You co-mentor this group',
  member: 'You are a member',
};

/** "My groups": the groups the caller leads, co-mentors or belongs to, one card each, linking to the group's page. */
export function MyGroupsSection() {
  const groups = useMyGroups('all');
  if (groups.isError) return <ErrorState error={groups.error} onRetry={() => groups.refetch()} />;
  const items = groups.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="my-groups-heading">
      <Title order={2} size="h4" id="my-groups-heading" mb="sm">
        {items.length === 1 ? 'My group' : 'My groups'}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" component="ul" className="plain-list">
        {items.map((group) => (
          <li key={group.id}>
            <Paper withBorder p="lg" h="100%" data-testid="group-card">
              <Stack gap="sm" h="100%">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={0}>
                    <Title order={3} size="h5">
                      {group.name}
                    </Title>
                    <Text size="xs" c="dimmed">
                      {roleLabel[group.myRole]}
                      {group.myRole !== 'mentor' ? ` · mentor ${group.mentor.name}` : ''}
                    </Text>
                  </Stack>
                  <GroupStatusBadge status={group.status} />
                </Group>
                <Group gap={6}>
                  <Badge variant="outline" color="gray" radius="sm" tt="none">
                    {group.program.name}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {group.members} of {group.maxSize} seats taken
                  </Text>
                </Group>
                <Group justify="flex-end" mt="auto">
                  <Button
                    component={Link}
                    to={group.link}
                    size="sm"
                    variant={group.status === 'closed' ? 'light' : 'filled'}
                    rightSection={<IconArrowRight size={16} aria-hidden="true" />}
                    aria-label={`Open the group ${group.name}`}
                  >
                    Open group
                  </Button>
                </Group>
              </Stack>
            </Paper>
          </li>
        ))}
      </SimpleGrid>
    </section>
  );
}
