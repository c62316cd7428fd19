import {
  ActionIcon,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconLock, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import type { MatchRun, RunGroups as RunGroupsData } from '../../../../src/contracts/match-runs.contracts.ts';
import { PersonName } from '../../../components/person-name.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { EmptyState, ListState, LoadingState } from '../../shell/components/states.tsx';
import { formatScore, useEditRun, useRunGroups } from '../api/matching.api.ts';

type RunGroup = RunGroupsData['groups'][number];
type Member = RunGroup['members'][number]['mentee'];

/**
 * A group program's run as groups (decision 031): one card per mentor's group with its mentees, "5 of 8 places",
 * cohesion and why; the mentees without a group with their reasons. In a draft a mentee can be moved to another group
 * (refused when that group is full).
 */
export function RunGroups({
  programId,
  run,
  editable,
}: {
  programId: string;
  run: MatchRun;
  editable: boolean;
}) {
  const groups = useRunGroups(programId, run.id);
  const [moving, setMoving] = useState<{ mentee: Member; from: RunGroup } | null>(null);
  return (
    <Stack gap="md" component="section" aria-labelledby="groups-heading">
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h4" id="groups-heading">
          Groups
        </Title>
        {groups.data && (
          <Text size="sm" c="dimmed">
            {plural(groups.data.groups.length, 'group')} of {groups.data.minSize} to {groups.data.maxSize}{' '}
            mentees
          </Text>
        )}
      </Group>
      <ListState
        query={groups}
        isEmpty={(data) => data.groups.length === 0 && data.unmatched.length === 0}
        loading={<LoadingState label="Loading the groups…" />}
        errorTitle="The groups could not be loaded"
        empty={
          <EmptyState
            order={3}
            icon={<IconUsersGroup size={30} />}
            title="No groups"
            description="No mentee could be placed in a group: check the criteria and the group sizes, then run again."
          />
        }
      >
        {(data: RunGroupsData) => (
          <Stack gap="md">
            {data.groups.length > 0 ? (
              <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
                {data.groups.map((group) => (
                  <GroupCard
                    key={group.mentor.enrolmentId}
                    group={group}
                    minSize={data.minSize}
                    editable={editable && data.groups.length > 1}
                    onMove={(mentee) => setMoving({ mentee, from: group })}
                  />
                ))}
              </SimpleGrid>
            ) : (
              <Text size="sm" c="dimmed">
                No group could be formed.
              </Text>
            )}
            {data.unmatched.length > 0 && (
              <Paper withBorder p="md" component="section" aria-labelledby="no-group-heading">
                <Title order={3} size="h5" id="no-group-heading" mb="xs">
                  Without a group ({data.unmatched.length})
                </Title>
                <List spacing={4} size="sm">
                  {data.unmatched.map((entry) => (
                    <List.Item key={entry.mentee.enrolmentId}>
                      <Text span size="sm" fw={500}>
                        {entry.mentee.name}
                      </Text>
                      <Text span size="sm" c="dimmed">
                        {' '}
                        — {entry.reason}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              </Paper>
            )}
            {moving && (
              <MoveModal
                programId={programId}
                runId={run.id}
                mentee={moving.mentee}
                from={moving.from}
                groups={data.groups}
                onClose={() => setMoving(null)}
              />
            )}
          </Stack>
        )}
      </ListState>
    </Stack>
  );
}

function GroupCard({
  group,
  minSize,
  editable,
  onMove,
}: {
  group: RunGroup;
  minSize: number;
  editable: boolean;
  onMove: (mentee: Member) => void;
}) {
  const headingId = `group-${group.mentor.enrolmentId}`;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5" id={headingId}>
            {group.mentor.name}’s group
          </Title>
          <Badge variant="light" color={group.belowMinimum ? 'orange' : 'trellis'} tt="none">
            {group.size} of {group.seats} places
          </Badge>
        </Group>
        {group.belowMinimum && (
          <Text size="sm" c="orange.9">
            Fewer than {minSize} mentees: this group is not published as it is.
          </Text>
        )}
        <Text size="sm">
          <Text span fw={500}>
            Cohesion {formatScore(group.cohesion)}
          </Text>
          {group.why ? ` — ${group.why}` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          Mean pair score {formatScore(group.meanScore)}
        </Text>
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {group.members.map((member) => (
            <Group key={member.mentee.enrolmentId} justify="space-between" wrap="nowrap" component="li">
              <PersonName
                person={member.mentee}
                badge={
                  member.locked ? (
                    <IconLock size={14} aria-label="Locked" role="img" color="var(--mantine-color-dimmed)" />
                  ) : undefined
                }
              />
              <Group gap={4} wrap="nowrap">
                <Text size="sm" c="dimmed">
                  {formatScore(member.score)}
                </Text>
                {editable && !member.locked && (
                  <Tooltip label="Move to another group">
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Move ${member.mentee.name} to another group`}
                      onClick={() => onMove(member.mentee)}
                    >
                      <IconArrowsExchange size={16} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function MoveModal({
  programId,
  runId,
  mentee,
  from,
  groups,
  onClose,
}: {
  programId: string;
  runId: string;
  mentee: Member;
  from: RunGroup;
  groups: RunGroup[];
  onClose: () => void;
}) {
  const edit = useEditRun(programId, runId);
  const [target, setTarget] = useState<string | null>(null);
  const options = groups
    .filter((group) => group.mentor.enrolmentId !== from.mentor.enrolmentId)
    .map((group) => ({
      value: group.mentor.enrolmentId,
      label: `${group.mentor.name}’s group (${group.size} of ${group.seats} places)`,
    }));
  const submit = () =>
    target &&
    edit.mutate(
      { action: 'reassign', menteeEnrolmentId: mentee.enrolmentId, mentorEnrolmentId: target },
      {
        onSuccess: () => {
          notifications.show({
            color: 'trellis',
            message: `${mentee.name} moved to ${groups.find((g) => g.mentor.enrolmentId === target)?.mentor.name}’s group.`,
          });
          onClose();
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not moved', message: errorMessage(error) }),
      },
    );
  return (
    <Modal opened onClose={onClose} title={`Move ${mentee.name}`} centered>
      <Stack>
        <Text size="sm">
          {mentee.name} is in {from.mentor.name}’s group. A group that is full cannot take another mentee.
        </Text>
        <Select
          label="Group"
          placeholder="Choose a group"
          data={options}
          value={target}
          onChange={setTarget}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!target} loading={edit.isPending} onClick={submit}>
            Move
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
