import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { formatDate } from '../../../lib/format.ts';
import { matchingModeLabel, programTypeLabel } from '../../programs/components/program-labels.ts';

type JoinableProgram = Pick<
  Program,
  'id' | 'name' | 'description' | 'type' | 'matchingMode' | 'enrolmentClosesOn'
>;

/** A program open for enrolment, with the two ways in: as a mentee or as a mentor (Home and My programs). */
export function JoinProgramCard({ program }: { program: JoinableProgram }) {
  const enrol = `/mentoring/programs/${program.id}/enrol`;
  return (
    <Paper withBorder p="lg" h="100%">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {program.name}
          </Title>
          <Badge variant="outline" color="gray" radius="sm" size="sm" style={{ flex: 'none' }}>
            {programTypeLabel[program.type]}
          </Badge>
        </Group>
        {program.description && (
          <Text size="sm" c="dimmed" lineClamp={3} title={program.description}>
            {program.description}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {matchingModeLabel[program.matchingMode]}
          {program.enrolmentClosesOn ? ` · enrolment closes ${formatDate(program.enrolmentClosesOn)}` : ''}
        </Text>
        <Group gap="xs" mt="auto">
          <Button
            component={Link}
            to={`${enrol}?role=mentee`}
            size="sm"
            aria-label={`Join as mentee: ${program.name}`}
          >
            Join as mentee
          </Button>
          <Button
            component={Link}
            to={`${enrol}?role=mentor`}
            size="sm"
            variant="default"
            aria-label={`Join as mentor: ${program.name}`}
          >
            Join as mentor
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
