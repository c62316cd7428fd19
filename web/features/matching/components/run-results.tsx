import { Alert, Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconQuestionMark } from '@tabler/icons-react';
import type { MatchRun, MatchRunStats } from '../../../../src/contracts/match-runs.contracts.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { StatCard } from '../../programs/components/stat-card.tsx';
import { formatScore, unmatchedReasonLabel } from '../api/matching.api.ts';
import { phaseLabel } from './run-status-badge.tsx';

/** A queued or running run: its phase and percentage, announced as they change. */
export function RunProgress({ run }: { run: MatchRun }) {
  return (
    <Paper withBorder p="xl" role="status" aria-live="polite">
      <Stack gap="sm" maw={560} mx="auto">
        <Group justify="space-between">
          <Text fw={600}>{phaseLabel[run.progress?.phase ?? 'queued']}</Text>
          <Text c="dimmed" className="stat-value">
            {Math.round(run.progress?.percent ?? 0)}%
          </Text>
        </Group>
        <Progress value={run.progress?.percent ?? 0} animated striped size="lg" aria-label="Run progress" />
      </Stack>
    </Paper>
  );
}

/** A finished run's figures, and why the unmatched mentees are unmatched. */
export function RunResults({ stats }: { stats: MatchRunStats }) {
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <StatCard
          label="Matched"
          value={`${Math.round(stats.matchedPercent)}%`}
          hint={`${formatNumber(stats.matched)} of ${plural(stats.mentees, 'mentee')}`}
        />
        <StatCard label="Mean score" value={formatScore(stats.meanScore)} hint="out of 100" />
        <StatCard label="Lowest score" value={formatScore(stats.lowestScore)} hint="the weakest pair" />
        <StatCard
          label="Unmatched"
          value={formatNumber(stats.unmatched)}
          hint={`${formatNumber(stats.locked)} locked · ${formatNumber(stats.edited)} edited`}
        />
      </SimpleGrid>
      {(stats.restingOnNeutral ?? 0) > 0 && (
        <Alert
          variant="light"
          color="orange"
          icon={<IconQuestionMark aria-hidden="true" />}
          title={`${plural(stats.restingOnNeutral ?? 0, 'pair')} ${stats.restingOnNeutral === 1 ? 'rests' : 'rest'} on little evidence`}
        >
          <Text size="sm">
            More than half of {stats.restingOnNeutral === 1 ? 'its' : 'their'} score comes from information
            missing on one side (no skills, no goals, no time zone…), which scores half marks whoever the
            other person is. Show “Thin evidence” in the pairs below to check them, or remind people to
            complete their profiles and run again.
          </Text>
        </Alert>
      )}
      {stats.unmatched > 0 && (
        <Paper withBorder p="md" component="section" aria-labelledby="unmatched-heading">
          <Group gap="lg" align="flex-start">
            <Title order={2} size="h5" id="unmatched-heading">
              Why mentees are unmatched
            </Title>
            <Group gap="xs">
              {Object.entries(stats.unmatchedByReason)
                .filter(([, count]) => count > 0)
                .map(([code, count]) => (
                  <Badge key={code} variant="light" color="orange" radius="sm" size="lg" tt="none">
                    {unmatchedReasonLabel[code] ?? code.replaceAll('_', ' ')}: {count}
                  </Badge>
                ))}
            </Group>
          </Group>
        </Paper>
      )}
    </>
  );
}
