import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Figure, OverviewProgram } from '../../../../src/contracts/analytics.contracts.ts';
import type { ProgramStatus } from '../../../../src/contracts/programs.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { ProgramStatusBadge } from '../../programs/components/program-badges.tsx';
import { StatCard } from '../../programs/components/stat-card.tsx';
import { EmptyState, ErrorState, PlaceholderRows } from '../../shell/components/states.tsx';
import { overviewCsvUrl, useAnalyticsOverview } from '../api/analytics.api.ts';
import { chartValue, figureText, oneDecimal, percent, signed } from './figure-format.ts';

const PAGE = 10;
const count = (fig: Figure) => figureText(fig, (v) => v.toLocaleString());

/**
 * The organisation overview on the admin's home (§8): every program's enrolment, active pairs and how many are at
 * risk, meetings in the last 30 days, ratings and NPS, with the organisation's totals; each program links to its
 * dashboard. Figures about fewer people than the smallest shown group read "Too few to show".
 */
export function OrganisationOverview() {
  const overview = useAnalyticsOverview();
  const [page, setPage] = useState(1);
  const data = overview.data;
  const programs = data?.programs ?? [];
  const pages = Math.ceil(programs.length / PAGE);
  const shown = programs.slice((page - 1) * PAGE, page * PAGE);
  const chartData = programs
    .filter((p) => p.status === 'running' || (p.activePairs.value ?? 0) > 0)
    .slice(0, 12)
    .map((p) => {
      const active = chartValue(p.activePairs) ?? 0;
      const risk = p.atRiskShare.value === null ? 0 : Math.round(active * p.atRiskShare.value);
      return { program: p.name, 'At risk': risk, 'Doing fine': active - risk };
    });

  return (
    <section aria-labelledby="overview-heading">
      <Group justify="space-between" align="baseline" mb="sm" gap="xs">
        <Title order={2} size="h4" id="overview-heading">
          Organisation overview
        </Title>
        <Group gap="md">
          <Anchor component={Link} to="/outcomes" size="sm">
            Outcomes
          </Anchor>
          {data && programs.length > 0 && (
            <Button
              component="a"
              href={overviewCsvUrl}
              download
              size="compact-sm"
              variant="default"
              leftSection={<IconDownload size={14} aria-hidden="true" />}
              aria-label="Download CSV: organisation overview"
            >
              Download CSV
            </Button>
          )}
        </Group>
      </Group>
      {overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : data && programs.length === 0 ? (
        <EmptyState
          order={3}
          icon={<IconChartBar size={30} />}
          title="No programs to sum up yet"
          description="Once a program has participants, its figures and the organisation’s totals appear here."
        />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
            <StatCard label="People enrolled" value={data ? count(data.totals.enrolled) : '…'} />
            <StatCard label="Active pairs" value={data ? count(data.totals.activePairs) : '…'} />
            <StatCard
              label="At risk"
              value={data ? figureText(data.totals.atRiskShare, percent) : '…'}
              hint="Of active pairs"
            />
            <StatCard
              label="Meetings"
              value={data ? count(data.totals.meetingsLast30Days) : '…'}
              hint="Held in the last 30 days"
            />
            <StatCard
              label="Meeting rating"
              value={data ? figureText(data.totals.meanRating, oneDecimal) : '…'}
              hint="Mean, of 5"
            />
            <StatCard
              label="Net Promoter Score"
              value={data ? figureText(data.totals.nps, signed) : '…'}
              hint="Closing surveys"
            />
          </SimpleGrid>
          {chartData.length > 0 && (
            <Paper withBorder p="md">
              <Text size="sm" fw={600} mb="xs" id="overview-chart-title">
                Active pairs by program, and how many are at risk
              </Text>
              <Text size="xs" c="dimmed" mb="sm">
                The same figures are in the table below.
              </Text>
              <div aria-hidden="true">
                <BarChart
                  h={Math.max(120, chartData.length * 34)}
                  data={chartData}
                  dataKey="program"
                  type="stacked"
                  orientation="vertical"
                  series={[
                    { name: 'Doing fine', color: 'teal.6' },
                    { name: 'At risk', color: 'red.6' },
                  ]}
                  yAxisProps={{ width: 160 }}
                  withLegend
                  tickLine="none"
                />
              </div>
            </Paper>
          )}
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover fz="sm">
                <Table.Caption>Each program’s figures; a program’s name opens its dashboard</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Program</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Enrolled</Table.Th>
                    <Table.Th scope="col">Active pairs</Table.Th>
                    <Table.Th scope="col">At risk</Table.Th>
                    <Table.Th scope="col">Meetings, last 30 days</Table.Th>
                    <Table.Th scope="col">Meeting rating</Table.Th>
                    <Table.Th scope="col">NPS</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {!data ? (
                    <PlaceholderRows columns={8} rows={3} height={20} />
                  ) : (
                    shown.map((p: OverviewProgram) => (
                      <Table.Tr key={p.id}>
                        <Table.Th scope="row" fw={500}>
                          <Anchor component={Link} to={`/programs/${p.id}/dashboard`} size="sm">
                            {p.name}
                          </Anchor>
                        </Table.Th>
                        <Table.Td>
                          <ProgramStatusBadge status={p.status as ProgramStatus} />
                        </Table.Td>
                        <Table.Td>{count(p.enrolled)}</Table.Td>
                        <Table.Td>{count(p.activePairs)}</Table.Td>
                        <Table.Td>{figureText(p.atRiskShare, percent)}</Table.Td>
                        <Table.Td>{count(p.meetingsLast30Days)}</Table.Td>
                        <Table.Td>{figureText(p.meanRating, oneDecimal)}</Table.Td>
                        <Table.Td>{figureText(p.nps, signed)}</Table.Td>
                      </Table.Tr>
                    ))
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pages > 1 && (
              <Group justify="flex-end" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                <LabelledPagination total={pages} value={page} onChange={setPage} />
              </Group>
            )}
          </Paper>
          {data && (
            <Text size="xs" c="dimmed">
              Figures about fewer than {data.minGroupSize} people read “Too few to show”, so nobody can be
              singled out.
            </Text>
          )}
        </Stack>
      )}
    </section>
  );
}
