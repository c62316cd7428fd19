import '../../programs/components/programs.css';
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowRight, IconEqual } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { MatchRun } from '../../../../src/contracts/match-runs.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { formatNumber, plural } from '../../../lib/format.ts';
import { useProgram } from '../../programs/api/programs.api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { formatScore, matchModeLabel, useCompareRuns } from '../api/matching.api.ts';
import { Figure } from './figure.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';

export function ComparePage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const a = params.get('a');
  const b = params.get('b');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const program = useProgram(id);
  const compare = useCompareRuns(id, a, b, page);
  const data = compare.data;

  return (
    <>
      <PageBreadcrumbs
        links={[
          { to: '/programs', label: 'Programs' },
          { to: `/programs/${id}/runs`, label: program.data?.name ?? 'Program' },
        ]}
        current={'Compare runs'}
      />
      <PageHeader
        title={data ? `Run #${data.a.number} and run #${data.b.number}` : 'Compare runs'}
        documentTitle="Compare runs"
        description="Who gets a different mentor, and how each score moves."
      />
      {!a || !b ? (
        <EmptyState title="Choose two runs" description="Pick two runs under Match runs to compare them." />
      ) : compare.isPending ? (
        <LoadingState label="Comparing…" />
      ) : compare.isError ? (
        <ErrorState error={compare.error} onRetry={() => compare.refetch()} />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <RunSummary run={compare.data.a} programId={id} />
            <RunSummary run={compare.data.b} programId={id} />
          </SimpleGrid>
          <Paper
            withBorder
            style={{ overflow: 'hidden' }}
            component="section"
            aria-labelledby="changes-heading"
          >
            <Group px="md" py="sm" bg="gray.0" justify="space-between">
              <Title order={2} size="h5" id="changes-heading">
                Changes
              </Title>
              <Text size="sm" c="dimmed" role="status">
                {plural(compare.data.changed.total, 'mentee')} with a different mentor
              </Text>
            </Group>
            {compare.data.changed.total === 0 ? (
              <div style={{ padding: 16 }}>
                <EmptyState
                  icon={<IconEqual size={30} />}
                  title="The same pairs"
                  description="Both runs pair every mentee with the same mentor."
                />
              </div>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table aria-label="Mentees whose mentor changed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Mentee</Table.Th>
                      <Table.Th>Run #{compare.data.a.number}</Table.Th>
                      <Table.Th>
                        <span className="visually-hidden">becomes</span>
                      </Table.Th>
                      <Table.Th>Run #{compare.data.b.number}</Table.Th>
                      <Table.Th ta="right">Score change</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {compare.data.changed.items.map((row) => (
                      <Table.Tr key={row.mentee.enrolmentId}>
                        <Table.Td fw={600}>{row.mentee.name}</Table.Td>
                        <Table.Td>
                          {row.before?.name ?? (
                            <Text span c="dimmed" size="sm">
                              Unmatched
                            </Text>
                          )}
                          <Text span size="xs" c="dimmed">
                            {' '}
                            {formatScore(row.scoreBefore)}
                          </Text>
                        </Table.Td>
                        <Table.Td w={30}>
                          <IconArrowRight size={16} aria-hidden="true" color="var(--mantine-color-gray-6)" />
                        </Table.Td>
                        <Table.Td>
                          {row.after?.name ?? (
                            <Text span c="dimmed" size="sm">
                              Unmatched
                            </Text>
                          )}
                          <Text span size="xs" c="dimmed">
                            {' '}
                            {formatScore(row.scoreAfter)}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Delta value={row.scoreDelta} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {compare.data.changed.total > compare.data.changed.pageSize && (
              <Group justify="flex-end" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                <LabelledPagination
                  size="sm"
                  total={Math.ceil(compare.data.changed.total / compare.data.changed.pageSize)}
                  value={page}
                  onChange={(next) =>
                    setParams((current) => {
                      const copy = new URLSearchParams(current);
                      copy.set('page', String(next));
                      return copy;
                    })
                  }
                />
              </Group>
            )}
          </Paper>
        </Stack>
      )}
    </>
  );
}

function Delta({ value }: { value: number | null }) {
  if (value === null)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return (
    <Text
      size="sm"
      fw={700}
      className="stat-value"
      c={value > 0 ? 'trellis.8' : value < 0 ? 'red.9' : 'dimmed'}
    >
      {sign}
      {Math.abs(value).toFixed(1)}
    </Text>
  );
}

function RunSummary({ run, programId }: { run: MatchRun; programId: string }) {
  const stats = run.stats;
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Anchor component={Link} to={`/programs/${programId}/runs/${run.id}`} fw={700}>
            Run #{run.number}
          </Anchor>
          <RunStatusBadge status={run.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {matchModeLabel[run.mode]}
        </Text>
        {stats && (
          <SimpleGrid cols={3} spacing="xs">
            <Figure
              size={22}
              value={`${Math.round(stats.matchedPercent)}%`}
              caption={`matched (${formatNumber(stats.matched)})`}
            />
            <Figure size={22} value={formatScore(stats.meanScore)} caption="mean score" />
            <Figure size={22} value={formatScore(stats.lowestScore)} caption="lowest" />
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
