import {
  Alert,
  Button,
  Group,
  Paper,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsDiff, IconBolt, IconGitCompare, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type MatchMode, type MatchRun, matchModes } from '../../../../src/contracts/match-runs.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime, formatNumber } from '../../../lib/format.ts';
import { EmptyState, ListState, LoadingState } from '../../shell/components/states.tsx';
import {
  formatScore,
  matchModeHelp,
  matchModeLabel,
  useMatchRuns,
  useStartRun,
} from '../api/matching.api.ts';
import { ProfileGapsPanel } from './profile-gaps-panel.tsx';
import { phaseLabel, RunStatusBadge } from './run-status-badge.tsx';

export function RunsTab({ program }: { program: Program }) {
  const runs = useMatchRuns(program.id);
  const start = useStartRun(program.id);
  const navigate = useNavigate();
  const [mode, setMode] = useState<MatchMode>('optimal');
  const items = runs.data ?? [];
  const running = items.find((run) => run.status === 'queued' || run.status === 'running');
  const finished = items.filter((run) => run.status === 'draft' || run.status === 'published');
  const [a, setA] = useState<string | null>(null);
  const [b, setB] = useState<string | null>(null);

  const onStart = () =>
    start.mutate(
      { mode },
      {
        onSuccess: (run) =>
          notifications.show({
            color: 'trellis',
            message: `Run #${run.number} started. It takes a few seconds.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Run not started', message: errorMessage(error) }),
      },
    );

  const runOptions = finished.map((run) => ({
    value: run.id,
    label: `Run #${run.number} · ${matchModeLabel[run.mode]}`,
  }));

  return (
    <Stack gap="lg">
      <ProfileGapsPanel program={program} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg" component="section" aria-labelledby="start-run-heading">
          <Stack gap="md">
            <Title order={2} size="h4" id="start-run-heading">
              Start a match run
            </Title>
            <Radio.Group label="Solver" value={mode} onChange={(value) => setMode(value as MatchMode)}>
              <Stack gap="xs" mt="xs">
                {/* Groups are formed for the best total or for the most mentees placed (decision 031). */}
                {matchModes
                  .filter(
                    (value) => program.type !== 'group' || value === 'optimal' || value === 'participation',
                  )
                  .map((value) => (
                    <Radio
                      key={value}
                      value={value}
                      label={matchModeLabel[value]}
                      description={matchModeHelp[value]}
                    />
                  ))}
              </Stack>
            </Radio.Group>
            {running ? (
              <Stack gap={6} role="status" aria-live="polite">
                <Group justify="space-between">
                  <Text size="sm" fw={600}>
                    Run #{running.number}: {phaseLabel[running.progress?.phase ?? 'queued']}
                  </Text>
                  <Text size="sm" c="dimmed" className="stat-value">
                    {Math.round(running.progress?.percent ?? 0)}%
                  </Text>
                </Group>
                <Progress
                  value={running.progress?.percent ?? 0}
                  animated
                  striped
                  aria-label={`Run #${running.number} progress`}
                />
              </Stack>
            ) : (
              <Group justify="flex-end">
                <Button
                  leftSection={<IconPlayerPlay size={18} aria-hidden="true" />}
                  onClick={onStart}
                  loading={start.isPending}
                >
                  Run matching
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="lg" component="section" aria-labelledby="compare-heading">
          <Stack gap="md">
            <Stack gap={2}>
              <Title order={2} size="h4" id="compare-heading">
                Compare two runs
              </Title>
              <Text size="sm" c="dimmed">
                See who changed mentor and how each score moved.
              </Text>
            </Stack>
            <Select
              label="First run"
              data={runOptions}
              value={a}
              onChange={setA}
              placeholder="Choose a run"
            />
            <Select
              label="Second run"
              data={runOptions.filter((option) => option.value !== a)}
              value={b}
              onChange={setB}
              placeholder="Choose a run"
            />
            <Group justify="flex-end">
              <Button
                variant="default"
                leftSection={<IconGitCompare size={18} aria-hidden="true" />}
                disabled={!a || !b || a === b}
                onClick={() => navigate(`/programs/${program.id}/runs/compare?a=${a}&b=${b}`)}
              >
                Compare
              </Button>
            </Group>
          </Stack>
        </Paper>
      </SimpleGrid>

      <Paper withBorder style={{ overflow: 'hidden' }} component="section" aria-labelledby="runs-heading">
        <Group px="md" py="sm" bg="gray.0" justify="space-between">
          <Title order={2} size="h5" id="runs-heading">
            Runs
          </Title>
        </Group>
        <ListState
          query={runs}
          inset
          loading={<LoadingState label="Loading runs…" />}
          isEmpty={(loaded) => loaded.length === 0}
          empty={
            <EmptyState
              icon={<IconBolt size={30} />}
              title="No runs yet"
              description="A run is a draft: review the pairs, edit, lock and re-run as often as you like. Nothing reaches people until you publish."
            />
          }
        >
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Match runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Run</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Matched</Table.Th>
                  <Table.Th ta="right">Mean score</Table.Th>
                  <Table.Th ta="right">Lowest</Table.Th>
                  <Table.Th ta="right">Unmatched</Table.Th>
                  <Table.Th>Started</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((run) => (
                  <RunRow key={run.id} run={run} programId={program.id} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListState>
      </Paper>
      {finished.length === 1 && (
        <Alert variant="light" color="blue" icon={<IconArrowsDiff aria-hidden="true" />}>
          Change a weight under Criteria and run again to compare the two results.
        </Alert>
      )}
    </Stack>
  );
}

function RunRow({ run, programId }: { run: MatchRun; programId: string }) {
  const stats = run.stats;
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={0}>
          <Link to={`/programs/${programId}/runs/${run.id}`} className="row-link">
            Run #{run.number}
          </Link>
          <Text size="xs" c="dimmed">
            {matchModeLabel[run.mode]}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <RunStatusBadge status={run.status} />
      </Table.Td>
      <Table.Td ta="right" className="stat-value">
        {stats
          ? `${formatNumber(stats.matched)} / ${formatNumber(stats.mentees)} (${Math.round(stats.matchedPercent)}%)`
          : '—'}
      </Table.Td>
      <Table.Td ta="right" className="stat-value">
        {formatScore(stats?.meanScore)}
      </Table.Td>
      <Table.Td ta="right" className="stat-value">
        {formatScore(stats?.lowestScore)}
      </Table.Td>
      <Table.Td ta="right" className="stat-value">
        {stats ? formatNumber(stats.unmatched) : '—'}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(run.createdAt)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
