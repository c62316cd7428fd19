import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellRinging, IconChevronDown, IconChevronRight, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  ProfileGapKind,
  ProfileGapsResponse,
} from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime, plural } from '../../../lib/format.ts';
import { describeTally } from '../../../lib/notice-tally.ts';
import { ErrorState, LoadingState, PlaceholderRows } from '../../shell/components/states.tsx';
import { useProfileGaps, useRemindProfileGaps } from '../api/profile-gaps.api.ts';

const gapLabel: Record<ProfileGapKind, string> = {
  skills: 'No skills',
  goals: 'No goals',
  questions: 'Questions unanswered',
};

type Role = 'mentee' | 'mentor';
type Counts = ProfileGapsResponse['mentees'];

function countsLine(counts: Counts, role: Role): string {
  const people = plural(counts.total, role);
  if (counts.withGaps === 0) return `All ${people} have skills, goals and the required answers.`;
  return `${counts.withGaps} of ${people} ${counts.withGaps === 1 ? 'has' : 'have'} a thin profile${
    counts.empty > 0 ? `, ${counts.empty} of them empty` : ''
  }.`;
}

function Breakdown({ counts }: { counts: Counts }) {
  const parts = [
    { label: 'no skills', value: counts.noSkills },
    { label: 'no goals', value: counts.noGoals },
    { label: 'required questions unanswered', value: counts.unansweredQuestions },
  ].filter((part) => part.value > 0);
  if (parts.length === 0) return null;
  return (
    <Text size="sm" c="dimmed">
      {parts.map((part) => `${part.value} ${part.label}`).join(' · ')}
    </Text>
  );
}

/**
 * Before a run (issue 13 §4): how many of the mentees and mentors the run reads have empty or thin profiles, who
 * they are, and a reminder to them. Matching scores missing information as a neutral half mark, so a run over thin
 * profiles pairs people on little evidence.
 */
export function ProfileGapsPanel({ program }: { program: Program }) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<'all' | Role>('all');
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const gaps = useProfileGaps(program.id, {
    role: role === 'all' ? undefined : role,
    page,
    pageSize: 10,
  });
  const remind = useRemindProfileGaps(program.id);

  if (gaps.isPending) return <LoadingState label="Checking profiles…" />;
  if (gaps.isError) return <ErrorState error={gaps.error} onRetry={() => gaps.refetch()} />;
  const data = gaps.data;
  const withGaps = data.mentees.withGaps + data.mentors.withGaps;
  const closed = program.status === 'closed';

  const onRemind = () =>
    remind.mutate(
      {},
      {
        onSuccess: (result) => {
          setConfirming(false);
          const left = [
            result.remindedRecently > 0
              ? `${plural(result.remindedRecently, 'person', 'people')} reminded in the last day ${result.remindedRecently === 1 ? 'was' : 'were'} left out.`
              : '',
            result.complete > 0
              ? `${plural(result.complete, 'person', 'people')} completed ${result.complete === 1 ? 'their profile' : 'their profiles'} meanwhile.`
              : '',
          ].filter(Boolean);
          notifications.show({
            color: 'trellis',
            title:
              result.reminded > 0
                ? `${plural(result.reminded, 'person', 'people')} reminded`
                : 'Nobody reminded',
            message: [result.reminded > 0 ? describeTally(result.told) : '', ...left]
              .filter(Boolean)
              .join(' '),
          });
        },
        onError: (error) => {
          setConfirming(false);
          notifications.show({ color: 'red', title: 'No reminder sent', message: errorMessage(error) });
        },
      },
    );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="profile-gaps-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={4}>
            <Title order={2} size="h4" id="profile-gaps-heading">
              Before you run: profiles
            </Title>
            {withGaps === 0 ? (
              <Group gap={6} wrap="nowrap">
                <IconCircleCheck size={18} color="var(--mantine-color-trellis-7)" aria-hidden="true" />
                <Text size="sm">
                  {data.mentees.total + data.mentors.total === 0
                    ? 'Nobody is waiting to be matched yet.'
                    : 'Every mentee and mentor the run reads has skills, goals and the required answers.'}
                </Text>
              </Group>
            ) : (
              <Text size="sm" c="dimmed" maw={620}>
                Matching gives half marks for information that is missing, whoever the other person is: the
                thinner the profiles, the more a run pairs people on guesswork.
              </Text>
            )}
          </Stack>
          {withGaps > 0 && (
            <Button
              leftSection={<IconBellRinging size={18} aria-hidden="true" />}
              variant="light"
              onClick={() => setConfirming(true)}
              disabled={data.remindable === 0 || closed}
            >
              {data.remindable === 0
                ? 'Everyone was reminded today'
                : `Remind ${plural(data.remindable, 'person', 'people')}`}
            </Button>
          )}
        </Group>
        {withGaps > 0 && (
          <>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {countsLine(data.mentees, 'mentee')}
              </Text>
              <Breakdown counts={data.mentees} />
            </Stack>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {countsLine(data.mentors, 'mentor')}
              </Text>
              <Breakdown counts={data.mentors} />
            </Stack>
            <Group>
              <Button
                variant="subtle"
                size="compact-sm"
                aria-expanded={open}
                aria-controls="profile-gaps-list"
                leftSection={
                  open ? (
                    <IconChevronDown size={16} aria-hidden="true" />
                  ) : (
                    <IconChevronRight size={16} aria-hidden="true" />
                  )
                }
                onClick={() => setOpen(!open)}
              >
                {open ? 'Hide who' : `Show who (${withGaps})`}
              </Button>
            </Group>
          </>
        )}
        {open && withGaps > 0 && (
          <Stack gap="xs" id="profile-gaps-list">
            <LabelledSegmentedControl
              labelId="profile-gaps-role-label"
              label="Show"
              value={role}
              onChange={(value) => {
                setRole(value as typeof role);
                setPage(1);
              }}
              data={[
                { value: 'all', label: 'Everyone' },
                { value: 'mentee', label: 'Mentees' },
                { value: 'mentor', label: 'Mentors' },
              ]}
              w="fit-content"
            />
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="People with thin profiles" aria-busy={gaps.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Missing</Table.Th>
                    <Table.Th>Last reminded</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {gaps.isPlaceholderData ? (
                    <PlaceholderRows rows={3} columns={4} height={24} />
                  ) : (
                    data.items.map((item) => (
                      <Table.Tr key={item.enrolmentId}>
                        <Table.Td>
                          <Stack gap={0}>
                            <Link to={`/people/${item.personId}`} className="row-link">
                              {item.name}
                            </Link>
                            <Text size="xs" c="dimmed">
                              {[item.title, item.department, item.email].filter(Boolean).join(' · ')}
                            </Text>
                          </Stack>
                        </Table.Td>
                        <Table.Td>{item.role === 'mentor' ? 'Mentor' : 'Mentee'}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {item.empty ? (
                              <Badge color="red" variant="light" radius="sm" tt="none">
                                Empty profile
                              </Badge>
                            ) : (
                              item.gaps.map((gap) => (
                                <Badge key={gap} color="orange" variant="light" radius="sm" tt="none">
                                  {gap === 'questions'
                                    ? `${plural(item.unansweredQuestions, 'question')} unanswered`
                                    : gapLabel[gap]}
                                </Badge>
                              ))
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c={item.lastRemindedAt ? undefined : 'dimmed'}>
                            {item.lastRemindedAt
                              ? formatDateTime(item.lastRemindedAt)
                              : 'Not in the last day'}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <TablePageFooter result={data} page={page} onChange={setPage} />
          </Stack>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => !remind.isPending && setConfirming(false)}
        title={`Remind ${plural(data.remindable, 'person', 'people')}?`}
        centered
      >
        <Stack>
          <Text size="sm">
            Each gets a notice, and an email if they chose email, saying what their profile for {program.name}{' '}
            is missing, with a link to complete it. People reminded in the last 24 hours, by this program or
            another, are left out.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={remind.isPending}>
              Cancel
            </Button>
            <Button
              onClick={onRemind}
              loading={remind.isPending}
              leftSection={<IconBellRinging size={16} aria-hidden="true" />}
            >
              Send reminders
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
