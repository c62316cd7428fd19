import './programs.css';
import { Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendar, IconPlus, IconTargetArrow, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type Program, programStatus } from '../../../../src/contracts/programs.contracts.ts';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState } from '../../shell/components/states.tsx';
import { usePrograms } from '../api/programs.api.ts';
import { ProgramStatusBadge } from './program-badges.tsx';
import { ProgramFormModal } from './program-form-modal.tsx';
import { matchingModeLabel, programTypeLabel } from './program-labels.ts';

export function ProgramsPage() {
  const isAdmin = useMe().data?.role === 'admin';
  const programs = usePrograms();
  const [createOpened, create] = useDisclosure(false);
  // Members see here only the programs they coordinate; the rest is under Mentoring.
  const items = (programs.data ?? []).filter((program) => isAdmin || program.canManage);
  const ordered = [...items].sort(
    (a, b) =>
      programStatus.options.indexOf(a.status) - programStatus.options.indexOf(b.status) ||
      a.name.localeCompare(b.name),
  );

  return (
    <>
      <PageHeader
        title="Programs"
        description="Set up mentoring programs, enrol people, match them and follow how the pairs are doing."
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={create.open}>
              New program
            </Button>
          )
        }
      />
      {programs.isError ? (
        <ErrorState error={programs.error} onRetry={() => programs.refetch()} />
      ) : programs.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} role="status" aria-label="Loading programs">
          {[0, 1, 2].map((key) => (
            <Skeleton key={key} height={190} radius="lg" />
          ))}
        </SimpleGrid>
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconTargetArrow size={30} />}
          title="No programs yet"
          description="A program gathers mentors and mentees around a goal — onboarding, leadership, women in tech. Start with a draft; nobody sees it until you open enrolment."
        >
          {isAdmin && (
            <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={create.open}>
              New program
            </Button>
          )}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="ul" className="plain-list">
          {ordered.map((program) => (
            <li key={program.id}>
              <ProgramCard program={program} />
            </li>
          ))}
        </SimpleGrid>
      )}
      <ProgramFormModal opened={createOpened} onClose={create.close} />
    </>
  );
}

function ProgramCard({ program }: { program: Program }) {
  const counts = program.counts;
  return (
    <Paper withBorder p="lg" component={Link} to={`/programs/${program.id}`} className="program-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" lineClamp={2} title={program.name}>
            {program.name}
          </Title>
          <ProgramStatusBadge status={program.status} />
        </Group>
        <Group gap={6}>
          <Badge variant="outline" color="gray" radius="sm" size="sm">
            {programTypeLabel[program.type] ?? program.type}
          </Badge>
          <Badge variant="outline" color="gray" radius="sm" size="sm">
            {matchingModeLabel[program.matchingMode] ?? program.matchingMode}
          </Badge>
        </Group>
        {program.description && (
          <Text size="sm" c="dimmed" lineClamp={2} title={program.description}>
            {program.description}
          </Text>
        )}
        <Group gap="lg" mt="auto" pt="xs">
          <Group gap={6} wrap="nowrap">
            <IconUsers size={16} aria-hidden="true" color="var(--mantine-color-gray-6)" />
            <Text size="sm">
              <b className="stat-value">{formatNumber(counts.mentors)}</b>{' '}
              {counts.mentors === 1 ? 'mentor' : 'mentors'} ·{' '}
              <b className="stat-value">{formatNumber(counts.mentees)}</b>{' '}
              {counts.mentees === 1 ? 'mentee' : 'mentees'}
            </Text>
          </Group>
          {program.startsOn && (
            <Group gap={6} wrap="nowrap">
              <IconCalendar size={16} aria-hidden="true" color="var(--mantine-color-gray-6)" />
              <Text size="sm">{formatDate(program.startsOn)}</Text>
            </Group>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
