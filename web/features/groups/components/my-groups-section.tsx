import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MyGroup } from '../../../../src/contracts/groups.contracts.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { ErrorState, FormError } from '../../shell/components/states.tsx';
import { useGroupChange, useLeaveGroup, useMyGroups } from '../api/groups.api.ts';
import { GroupStatusBadge } from './program-groups-tab.tsx';

const roleLabel: Record<MyGroup['myRole'], string> = {
  mentor: 'You mentor this group',
  co_mentor: 'You co-mentor this group',
  member: 'You are a member',
};

/** "My groups": the groups the caller leads, co-mentors or belongs to, one card each, linking to the group's page. */
export function MyGroupsSection() {
  const groups = useMyGroups('all');
  const [leaving, setLeaving] = useState<MyGroup | null>(null);
  const [closing, setClosing] = useState<MyGroup | null>(null);
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
                      {group.myRole === 'member' && !group.current && group.status !== 'closed'
                        ? 'You left this group'
                        : roleLabel[group.myRole]}
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
                <Group justify="flex-end" mt="auto" gap="xs">
                  {group.current && group.myRole === 'member' && (
                    <Button variant="subtle" color="red" size="sm" onClick={() => setLeaving(group)}>
                      Leave…
                    </Button>
                  )}
                  {group.current && group.myRole === 'mentor' && (
                    <Button variant="subtle" color="red" size="sm" onClick={() => setClosing(group)}>
                      Close group…
                    </Button>
                  )}
                  <Button
                    component={Link}
                    to={group.link}
                    size="sm"
                    variant={group.current ? 'filled' : 'light'}
                    rightSection={<IconArrowRight size={16} aria-hidden="true" />}
                    aria-label={`Open group ${group.name}`}
                  >
                    Open group
                  </Button>
                </Group>
              </Stack>
            </Paper>
          </li>
        ))}
      </SimpleGrid>
      {leaving && <LeaveModal group={leaving} onClose={() => setLeaving(null)} />}
      {closing && <CloseOwnModal group={closing} onClose={() => setClosing(null)} />}
    </section>
  );
}

function LeaveModal({ group, onClose }: { group: MyGroup; onClose: () => void }) {
  const leave = useLeaveGroup();
  const [reason, setReason] = useState('');
  return (
    <ConfirmModal
      onClose={onClose}
      title={`Leave “${group.name}”?`}
      confirmLabel="Leave group"
      focusCancel
      pending={leave.isPending}
      onConfirm={() =>
        leave.mutate(
          { groupId: group.id, body: reason.trim() ? { reason: reason.trim() } : {} },
          {
            onSuccess: () => {
              notifications.show({
                color: 'trellis',
                message: `You left “${group.name}”. ${group.mentor.name} was told.`,
              });
              onClose();
            },
          },
        )
      }
    >
      <Stack>
        <FormError error={leave.error} />
        <Text size="sm">
          Your mentoring in the group ends; the others continue with {group.mentor.name}. You can join another
          group afterwards.
        </Text>
        <Textarea
          label="A word to your mentor (optional)"
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          autosize
          minRows={2}
        />
      </Stack>
    </ConfirmModal>
  );
}

function CloseOwnModal({ group, onClose }: { group: MyGroup; onClose: () => void }) {
  const change = useGroupChange();
  return (
    <ConfirmModal
      onClose={onClose}
      title={`Close “${group.name}”?`}
      confirmLabel="Close group"
      focusCancel
      pending={change.isPending}
      onConfirm={() =>
        change.mutate(
          { kind: 'close', groupId: group.id, body: {} },
          {
            onSuccess: () => {
              notifications.show({
                color: 'trellis',
                message: `“${group.name}” is closed. Its members were told.`,
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
          The mentoring of every member is marked completed and the closing survey opens for them. The group’s
          workspace stays readable.
        </Text>
      </Stack>
    </ConfirmModal>
  );
}
