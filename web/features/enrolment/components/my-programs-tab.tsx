import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBolt, IconCompass, IconPencil, IconSearch, IconTargetArrow } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Enrolment } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { usePrograms } from '../../programs/api/programs.api.ts';
import { ProgramStatusBadge } from '../../programs/components/program-badges.tsx';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useEnrolmentAction, useMyEnrolments } from '../api/enrolment.api.ts';
import { EnrolmentStatusBadge } from './enrolment-status-badge.tsx';
import { JoinProgramCard } from './join-program-card.tsx';

const active = (status: string) => status !== 'withdrawn' && status !== 'rejected';

export function MyProgramsTab() {
  const enrolments = useMyEnrolments();
  const programs = usePrograms();
  if (enrolments.isPending || programs.isPending) return <LoadingState label="Loading your programs…" />;
  if (enrolments.isError) return <ErrorState error={enrolments.error} onRetry={() => enrolments.refetch()} />;
  if (programs.isError) return <ErrorState error={programs.error} onRetry={() => programs.refetch()} />;

  const mine = enrolments.data.filter((enrolment) => active(enrolment.status));
  const programsById = new Map(programs.data.map((program) => [program.id, program]));
  const enrolledIn = new Set(mine.map((enrolment) => enrolment.programId));
  const joinable = programs.data.filter(
    (program) => program.status === 'enrolling' && !enrolledIn.has(program.id),
  );

  return (
    <Stack gap="xl">
      <section aria-labelledby="my-programs-heading">
        <Title order={2} size="h4" id="my-programs-heading" mb="sm">
          My programs
        </Title>
        {mine.length === 0 ? (
          <EmptyState
            icon={<IconTargetArrow size={30} />}
            title="You are not in a program yet"
            description={
              joinable.length > 0
                ? 'Join one of the open programs below as a mentor or a mentee.'
                : 'When your organisation opens a program, it appears here.'
            }
          />
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" component="ul" className="plain-list">
            {mine.map((enrolment) => (
              <li key={enrolment.id}>
                <MyEnrolmentCard enrolment={enrolment} program={programsById.get(enrolment.programId)} />
              </li>
            ))}
          </SimpleGrid>
        )}
      </section>
      <section aria-labelledby="join-heading">
        <Title order={2} size="h4" id="join-heading" mb="sm">
          Programs you can join
        </Title>
        {joinable.length === 0 ? (
          <Paper withBorder p="lg" bg="gray.0">
            <Group gap="sm">
              <IconCompass size={20} aria-hidden="true" color="var(--mantine-color-gray-6)" />
              <Text size="sm" c="dimmed">
                No program is open for enrolment right now.
              </Text>
            </Group>
          </Paper>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" component="ul" className="plain-list">
            {joinable.map((program) => (
              <li key={program.id}>
                <JoinProgramCard program={program} />
              </li>
            ))}
          </SimpleGrid>
        )}
      </section>
    </Stack>
  );
}

function MyEnrolmentCard({ enrolment, program }: { enrolment: Enrolment; program?: Program }) {
  const action = useEnrolmentAction();
  const [withdrawing, setWithdrawing] = useState(false);
  const selfSelect = program && program.matchingMode !== 'admin';
  const canRequest =
    enrolment.role === 'mentee' &&
    enrolment.status === 'approved' &&
    selfSelect &&
    ['enrolling', 'matching', 'running'].includes(program.status);
  return (
    <Paper withBorder p="lg" h="100%">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={3} size="h5">
              {enrolment.programName}
            </Title>
            <Text size="sm" c="dimmed">
              {enrolment.role === 'mentor'
                ? `Mentor${enrolment.capacity ? ` · up to ${plural(enrolment.capacity, 'mentee')}` : ''}`
                : 'Mentee'}
            </Text>
          </Stack>
          <Group gap={6}>
            {program && <ProgramStatusBadge status={program.status} />}
            <EnrolmentStatusBadge status={enrolment.status} />
          </Group>
        </Group>
        <Group gap="xs" mt="auto">
          {program?.type === 'flash' &&
            enrolment.status === 'approved' &&
            ['enrolling', 'matching', 'running'].includes(program.status) && (
              <Button
                component={Link}
                to={`/mentoring/programs/${enrolment.programId}/flash${enrolment.role === 'mentor' ? '/availability' : ''}`}
                size="sm"
                leftSection={<IconBolt size={16} aria-hidden="true" />}
              >
                {enrolment.role === 'mentor' ? 'My availability' : 'Book a session'}
              </Button>
            )}
          {canRequest && program.type !== 'group' && program.type !== 'flash' && (
            <Button
              component={Link}
              to={`/mentoring/programs/${enrolment.programId}/mentors`}
              size="sm"
              leftSection={<IconSearch size={16} aria-hidden="true" />}
            >
              Find a mentor
            </Button>
          )}
          {selfSelect &&
            program.type === 'group' &&
            enrolment.status === 'approved' &&
            ['enrolling', 'matching', 'running'].includes(program.status) && (
              <Button
                component={Link}
                to={`/mentoring/programs/${enrolment.programId}/groups`}
                size="sm"
                leftSection={<IconSearch size={16} aria-hidden="true" />}
              >
                {enrolment.role === 'mentee' ? 'Find a group' : 'Groups to join'}
              </Button>
            )}
          <Button
            component={Link}
            to={`/mentoring/enrolments/${enrolment.id}/edit`}
            variant="default"
            size="sm"
            leftSection={<IconPencil size={16} aria-hidden="true" />}
          >
            Edit my profile
          </Button>
          {enrolment.role === 'mentor' && (
            <Button component={Link} to="/mentoring/requests" variant="subtle" size="sm">
              Requests
            </Button>
          )}
          <Button variant="subtle" color="red" size="sm" onClick={() => setWithdrawing(true)} ml="auto">
            Leave the program
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={withdrawing}
        onClose={() => setWithdrawing(false)}
        title={`Leave ${enrolment.programName}?`}
        cancelLabel="Stay"
        confirmLabel="Leave program"
        pending={action.isPending}
        onConfirm={() =>
          action.mutate(
            { id: enrolment.id, action: 'withdraw' },
            {
              onSuccess: () => {
                setWithdrawing(false);
                notifications.show({ color: 'trellis', message: `You left ${enrolment.programName}.` });
              },
              onError: (error) =>
                notifications.show({
                  color: 'red',
                  title: 'Not withdrawn',
                  message: errorMessage(error),
                }),
            },
          )
        }
      >
        <Text size="sm">
          You stop being matched in this program. You can enrol again while enrolment is open.
        </Text>
      </ConfirmModal>
    </Paper>
  );
}
