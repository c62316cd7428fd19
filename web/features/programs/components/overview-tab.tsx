import { Alert, Button, Grid, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconInfoCircle, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type ProgramDetail,
  type ProgramStatus,
  programStatus,
} from '../../../../src/contracts/programs.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { FlashSummaryCard } from '../../flash/components/flash-summary-card.tsx';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { useDeleteProgram, useTransitionProgram } from '../api/programs.api.ts';
import { CloseProgramModal } from './close-program-modal.tsx';
import { CoordinatorsCard } from './coordinators-card.tsx';
import {
  cadenceLabel,
  matchingModeDescription,
  nextStatus,
  programTypeDescription,
  statusLabel,
  transitionLabel,
} from './program-labels.ts';
import { StatCard } from './stat-card.tsx';

const transitionHelp: Record<ProgramStatus, string> = {
  draft: 'Hide the program again while you change it.',
  enrolling: 'People can see the program and enrol as mentors or mentees.',
  matching: 'Enrolment closes; you can run the matcher and publish pairs.',
  running: 'Pairs meet; mentees of self-select programs can still request mentors.',
  closed:
    'The program ends: active pairs are completed and open requests withdrawn. Workspaces stay readable.',
};

export function OverviewTab({ program }: { program: ProgramDetail }) {
  const counts = program.counts;
  const transition = useTransitionProgram(program.id);
  const remove = useDeleteProgram(program.id);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState<ProgramStatus | null>(null);
  const [deleting, setDeleting] = useState(false);
  const forward = nextStatus[program.status];
  const allowed = program.allowedTransitions;

  const onTransition = (to: ProgramStatus) =>
    transition.mutate(to, {
      onSuccess: () => {
        setConfirming(null);
        notifications.show({
          color: 'trellis',
          message: `The program is now ${statusLabel[to].toLowerCase()}.`,
        });
      },
      onError: (error) => {
        setConfirming(null);
        notifications.show({ color: 'red', title: 'Status not changed', message: errorMessage(error) });
      },
    });

  const detail = (label: string, value: string) => (
    <Group justify="space-between" gap="md" wrap="nowrap" py={6} className="detail-row">
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" fw={500} ta="right" component="dd" m={0}>
        {value}
      </Text>
    </Group>
  );

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <StatCard label="Mentors" value={formatNumber(counts.mentors)} />
        <StatCard label="Mentees" value={formatNumber(counts.mentees)} />
        <StatCard
          label="Waiting"
          value={formatNumber(counts.pendingApproval + counts.waitlisted)}
          hint={`${formatNumber(counts.pendingApproval)} to approve · ${formatNumber(counts.waitlisted)} waitlisted`}
        />
        <StatCard label="Active pairs" value={formatNumber(counts.activeRelationships)} />
      </SimpleGrid>
      {program.type === 'flash' && <FlashSummaryCard programId={program.id} />}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="lg" component="section" aria-labelledby="lifecycle-heading">
            <Stack gap="md">
              <Title order={2} size="h4" id="lifecycle-heading">
                Lifecycle
              </Title>
              <LifecycleSteps status={program.status} />
              {allowed.length === 0 ? (
                <Text size="sm" c="dimmed">
                  This program is closed. Nothing more to do.
                </Text>
              ) : (
                <Stack gap="sm">
                  {allowed.map((to) => (
                    <Group key={to} justify="space-between" wrap="nowrap" gap="md">
                      <Text size="sm" c="dimmed">
                        {transitionHelp[to]}
                      </Text>
                      <Button
                        variant={to === forward ? 'filled' : 'default'}
                        rightSection={
                          to === forward ? <IconArrowRight size={16} aria-hidden="true" /> : undefined
                        }
                        onClick={() => setConfirming(to)}
                        style={{ flex: 'none' }}
                      >
                        {transitionLabel[to]}
                      </Button>
                    </Group>
                  ))}
                </Stack>
              )}
              {program.status === 'draft' && (
                <Group
                  justify="flex-end"
                  pt="xs"
                  style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                >
                  <Button
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden="true" />}
                    onClick={() => setDeleting(true)}
                  >
                    Delete draft
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="lg" component="section" aria-labelledby="settings-heading">
            <Title order={2} size="h4" id="settings-heading" mb="sm">
              At a glance
            </Title>
            <dl style={{ margin: 0 }}>
              {detail('Type', programTypeDescription[program.type] ?? program.type)}
              {detail(
                'Matching',
                program.type === 'flash'
                  ? 'Participants book a session in a mentor’s open times'
                  : (matchingModeDescription[program.matchingMode] ?? program.matchingMode),
              )}
              {program.type === 'group' &&
                detail('Group size', `${program.groupMinSize} to ${program.groupMaxSize} mentees`)}
              {detail('Enrolment', dateRange(program.enrolmentOpensOn, program.enrolmentClosesOn))}
              {detail('Program', dateRange(program.startsOn, program.endsOn))}
              {detail('Meetings', cadenceLabel[program.meetingCadence] ?? program.meetingCadence)}
              {program.type === 'flash'
                ? detail(
                    'A session closes',
                    `${plural(program.flashCloseDays, 'day')} after it at the latest`,
                  )
                : detail('Relationship length', plural(program.relationshipMonths, 'month'))}
              {detail(
                'Mentor capacity',
                program.type === 'flash'
                  ? `${plural(program.mentorDefaultCapacity, 'session')} a month by default`
                  : `${plural(program.mentorDefaultCapacity, 'mentee')} by default`,
              )}
              {detail('Approval', program.requiresApproval ? 'Each enrolment is approved' : 'Not needed')}
            </dl>
          </Paper>
          <div style={{ height: 'var(--mantine-spacing-lg)' }} />
          <CoordinatorsCard programId={program.id} />
        </Grid.Col>
      </Grid>
      {program.description && (
        <Paper withBorder p="lg" component="section" aria-labelledby="about-heading">
          <Title order={2} size="h4" id="about-heading" mb="xs">
            About
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {program.description}
          </Text>
          {program.goals && (
            <>
              <Text size="sm" fw={600} mt="md">
                Goals
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {program.goals}
              </Text>
            </>
          )}
        </Paper>
      )}
      {confirming === 'closed' && (
        <CloseProgramModal program={program} opened onClose={() => setConfirming(null)} />
      )}
      <Modal
        opened={confirming !== null && confirming !== 'closed'}
        onClose={() => setConfirming(null)}
        title={confirming ? `${transitionLabel[confirming]}?` : ''}
        centered
      >
        <Stack>
          <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden="true" />}>
            {confirming && transitionHelp[confirming]}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button loading={transition.isPending} onClick={() => confirming && onTransition(confirming)}>
              {confirming && transitionLabel[confirming]}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={deleting}
        onClose={() => setDeleting(false)}
        title="Delete this draft?"
        confirmLabel="Delete program"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              notifications.show({ color: 'trellis', message: `${program.name} was deleted.` });
              navigate('/programs');
            },
            onError: (error) =>
              notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
          })
        }
      >
        <Text size="sm">
          {program.name} and its enrolment form are removed for good. Nobody has seen it yet.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function dateRange(from: string | null, to: string | null): string {
  if (!from && !to) return 'Not set';
  if (!to) return `From ${formatDate(from)}`;
  if (!from) return `Until ${formatDate(to)}`;
  return `${formatDate(from)} – ${formatDate(to)}`;
}

const steps = programStatus.options;

function LifecycleSteps({ status }: { status: ProgramStatus }) {
  const current = steps.indexOf(status);
  return (
    <ol className="lifecycle" aria-label="Lifecycle">
      {steps.map((step, index) => (
        <li
          key={step}
          data-state={index < current ? 'done' : index === current ? 'current' : 'todo'}
          aria-current={index === current ? 'step' : undefined}
        >
          <span className="lifecycle-dot" aria-hidden="true" />
          <span>{statusLabel[step]}</span>
        </li>
      ))}
    </ol>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
