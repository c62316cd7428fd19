import '@mantine/charts/styles.css';
import './dashboard.css';
import { BarChart, LineChart } from '@mantine/charts';
import {
  Alert,
  Button,
  Group,
  Menu,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload, IconFilterOff, IconInfoCircle, IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import {
  type DashboardTable,
  type EndedEarlyReason,
  type Figure,
  type LevelBand,
  levelBandLabels,
  levelBands,
  type ProgramDashboard,
  type ProgramDashboardQuery,
} from '../../../../src/contracts/analytics.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { formatDate } from '../../../lib/format.ts';
import { SkillsChangeCard } from '../../outcomes/components/skills-change-card.tsx';
import { usePeopleFacets } from '../../people/api/people.api.ts';
import { StatCard } from '../../programs/components/stat-card.tsx';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { dashboardCsvUrl, useProgramDashboard } from '../api/analytics.api.ts';
import { ChartCard } from './chart-card.tsx';
import { chartValue, figureText, oneDecimal, percent, signed } from './figure-format.ts';

const reasonLabels: Record<EndedEarlyReason, string> = {
  left_organisation: 'Someone left the organisation',
  inactive: 'Closed after a long silence',
  reassigned: 'Mentee given a new mentor',
  other: 'Other reasons',
};

const tableLabels: Record<DashboardTable, string> = {
  funnel: 'Funnel and matching',
  monthly: 'Month by month',
  ratings: 'Ratings and NPS',
  goals: 'Goals',
  resources: 'Resources',
};

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

function FilterBar({
  query,
  onChange,
}: {
  query: ProgramDashboardQuery;
  onChange: (next: ProgramDashboardQuery) => void;
}) {
  const facets = usePeopleFacets();
  const set = (patch: Partial<ProgramDashboardQuery>) => {
    const next: ProgramDashboardQuery = { ...query, ...patch };
    for (const key of Object.keys(next) as (keyof ProgramDashboardQuery)[]) {
      if (!next[key]) delete next[key];
    }
    onChange(next);
  };
  const filtered = Boolean(query.department || query.levelBand || query.location || query.from || query.to);
  return (
    <Paper withBorder p="md" className="no-print" component="form" aria-label="Dashboard filters">
      <Group align="flex-end" gap="md">
        <TextInput
          type="date"
          label="From"
          value={query.from ?? ''}
          onChange={(e) => set({ from: e.currentTarget.value || undefined })}
          w={160}
        />
        <TextInput
          type="date"
          label="To"
          value={query.to ?? ''}
          onChange={(e) => set({ to: e.currentTarget.value || undefined })}
          w={160}
        />
        <Select
          label="Department"
          placeholder="All departments"
          data={facets.data?.departments ?? []}
          value={query.department ?? null}
          onChange={(value) => set({ department: value ?? undefined })}
          clearable
          searchable
          w={200}
        />
        <Select
          label="Level"
          placeholder="All levels"
          data={levelBands.map((band) => ({ value: band, label: levelBandLabels[band] }))}
          value={query.levelBand ?? null}
          onChange={(value) => set({ levelBand: (value as LevelBand | null) ?? undefined })}
          clearable
          w={180}
        />
        <Select
          label="Location"
          placeholder="All locations"
          data={facets.data?.locations ?? []}
          value={query.location ?? null}
          onChange={(value) => set({ location: value ?? undefined })}
          clearable
          searchable
          w={200}
        />
        {filtered && (
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} aria-hidden="true" />}
            onClick={() => onChange({})}
          >
            Clear filters
          </Button>
        )}
      </Group>
    </Paper>
  );
}

const countText = (fig: Figure) => figureText(fig, (v) => v.toLocaleString());

function FunnelCard({ d }: { d: ProgramDashboard }) {
  const stages = [
    { stage: 'Enrolled', fig: d.funnel.enrolled },
    { stage: 'Matched', fig: d.funnel.matched },
    { stage: 'Active', fig: d.funnel.active },
    { stage: 'Completed', fig: d.funnel.completed },
  ];
  const rows: (string | number)[][] = [
    ...stages.map((s) => [s.stage, countText(s.fig)]),
    ['Withdrew', countText(d.funnel.withdrawn)],
    ['Ended early', countText(d.funnel.endedEarly)],
    ...d.funnel.endedEarlyReasons.map((r) => [`Ended early: ${reasonLabels[r.reason]}`, countText(r.pairs)]),
  ];
  return (
    <ChartCard
      title="From enrolment to completion"
      description="Mentees at each stage at the end of the period. Ended early and withdrew are shown beside the funnel."
      table={{ caption: 'Mentees at each stage', columns: ['Stage', 'Mentees'], rows }}
    >
      <Stack gap="sm">
        <BarChart
          h={220}
          data={stages.map((s) => ({ stage: s.stage, Mentees: chartValue(s.fig) ?? 0 }))}
          dataKey="stage"
          series={[{ name: 'Mentees', color: 'teal.6' }]}
          withBarValueLabel
          tickLine="none"
        />
        <Group gap="lg">
          <Text size="sm">
            Withdrew: <b>{countText(d.funnel.withdrawn)}</b>
          </Text>
          <Text size="sm">
            Ended early: <b>{countText(d.funnel.endedEarly)}</b>
          </Text>
          {d.funnel.endedEarlyReasons
            .filter((r) => r.pairs.suppressed || (r.pairs.value ?? 0) > 0)
            .map((r) => (
              <Text size="sm" c="dimmed" key={r.reason}>
                {reasonLabels[r.reason]}: {countText(r.pairs)}
              </Text>
            ))}
        </Group>
      </Stack>
    </ChartCard>
  );
}

/** A month chart with nothing to draw: no answers yet, or too few in every month to show. */
function NoPoints() {
  return (
    <Text size="sm" c="dimmed" py="xl" ta="center">
      Nothing to show yet for this period: no answers, or too few in any one month to show them.
    </Text>
  );
}

function MonthlyCards({ d }: { d: ProgramDashboard }) {
  const months = d.months.map((m) => ({ ...m, label: monthLabel(m.month) }));
  const number = (fig: Figure, f = oneDecimal) => figureText(fig, f);
  return (
    <>
      <ChartCard
        title="Meetings held per active pair"
        description="Meetings marked held in each month, divided by the pairs active during it."
        table={{
          caption: 'Meetings per active pair by month',
          columns: ['Month', 'Active pairs', 'Meetings held', 'Per pair'],
          rows: months.map((m) => [
            m.label,
            countText(m.activePairs),
            countText(m.meetingsHeld),
            number(m.meetingsPerPair, (v) => v.toFixed(2)),
          ]),
        }}
      >
        <LineChart
          h={220}
          data={months.map((m) => ({ month: m.label, 'Meetings per pair': chartValue(m.meetingsPerPair) }))}
          dataKey="month"
          series={[{ name: 'Meetings per pair', color: 'teal.6' }]}
          curveType="monotone"
          tickLine="none"
          withDots
        />
      </ChartCard>
      <ChartCard
        title="Pairs at risk"
        description="Share of active pairs at risk at each month’s end: no meeting for longer than the program’s rhythm allows and none booked, or a poor fit at the check-in."
        table={{
          caption: 'Share of active pairs at risk at the end of each month',
          columns: ['Month', 'At risk'],
          rows: months.map((m) => [m.label, figureText(m.atRiskShare, percent)]),
        }}
      >
        <LineChart
          h={220}
          data={months.map((m) => ({ month: m.label, 'At risk': chartValue(m.atRiskShare, 100) }))}
          dataKey="month"
          series={[{ name: 'At risk', color: 'red.6' }]}
          unit="%"
          yAxisProps={{ domain: [0, 100] }}
          curveType="monotone"
          tickLine="none"
          withDots
        />
      </ChartCard>
      <ChartCard
        title="Meeting ratings and check-in fit"
        description="Mean meeting rating and mean “is this a good fit?” answer (1–5) given in each month."
        table={{
          caption: 'Mean meeting rating and check-in fit by month',
          columns: ['Month', 'Meeting rating', 'Check-in fit'],
          rows: months.map((m) => [m.label, number(m.meanRating), number(m.meanCheckInFit)]),
        }}
      >
        {months.every((m) => chartValue(m.meanRating) === null && chartValue(m.meanCheckInFit) === null) ? (
          <NoPoints />
        ) : (
          <LineChart
            h={220}
            data={months.map((m) => ({
              month: m.label,
              'Meeting rating': chartValue(m.meanRating),
              'Check-in fit': chartValue(m.meanCheckInFit),
            }))}
            dataKey="month"
            series={[
              { name: 'Meeting rating', color: 'indigo.6' },
              { name: 'Check-in fit', color: 'orange.6', strokeDasharray: '5 5' },
            ]}
            yAxisProps={{ domain: [1, 5] }}
            withLegend
            curveType="monotone"
            tickLine="none"
            withDots
          />
        )}
      </ChartCard>
      <ChartCard
        title="Net Promoter Score"
        description="From the closing surveys answered in each month: % who would recommend the program (9–10) minus % who would not (0–6)."
        table={{
          caption: 'Net Promoter Score by month',
          columns: ['Month', 'NPS'],
          rows: months.map((m) => [m.label, figureText(m.nps, signed)]),
        }}
      >
        {months.every((m) => chartValue(m.nps) === null) ? (
          <NoPoints />
        ) : (
          <LineChart
            h={220}
            data={months.map((m) => ({ month: m.label, NPS: chartValue(m.nps) }))}
            dataKey="month"
            series={[{ name: 'NPS', color: 'grape.6' }]}
            yAxisProps={{ domain: [-100, 100] }}
            referenceLines={[{ y: 0, color: 'gray.5' }]}
            curveType="monotone"
            tickLine="none"
            withDots
          />
        )}
      </ChartCard>
    </>
  );
}

function RatingsCard({ d }: { d: ProgramDashboard }) {
  return (
    <ChartCard
      title="Meeting ratings"
      description={`Every rating given in the period (mean ${figureText(d.ratings.mean, oneDecimal)} from ${countText(d.ratings.raters)} people).`}
      table={{
        caption: 'Meeting ratings given in the period',
        columns: ['Rating', 'Answers'],
        rows: d.ratings.distribution.map((r) => [`${r.rating} of 5`, countText(r.count)]),
      }}
    >
      <BarChart
        h={200}
        data={d.ratings.distribution.map((r) => ({
          rating: `${r.rating}`,
          Answers: chartValue(r.count) ?? 0,
        }))}
        dataKey="rating"
        series={[{ name: 'Answers', color: 'indigo.6' }]}
        tickLine="none"
      />
    </ChartCard>
  );
}

const RESOURCE_PAGE = 8;

function GoalsAndResources({ d }: { d: ProgramDashboard }) {
  const [page, setPage] = useState(1);
  const items = d.resources.items;
  const pages = Math.ceil(items.length / RESOURCE_PAGE);
  const goalShare = d.goals.completionRate;
  return (
    <Paper withBorder p="md" className="dashboard-card" component="section" aria-labelledby="dashboard-goals">
      <Stack gap="md">
        <Title order={2} size="h5" id="dashboard-goals">
          Goals and resources
        </Title>
        <Stack gap={4}>
          <Group justify="space-between">
            <Text size="sm">Goals done (dropped goals left out)</Text>
            <Text size="sm" fw={600}>
              {goalShare.suppressed || goalShare.value === null
                ? figureText(goalShare)
                : `${countText(d.goals.done)} of ${countText(d.goals.total)} · ${percent(goalShare.value)}`}
            </Text>
          </Group>
          <Progress
            value={chartValue(goalShare, 100) ?? 0}
            aria-label="Share of goals done"
            color="teal"
            size="lg"
          />
        </Stack>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            This program has no resources yet.
          </Text>
        ) : (
          <>
            <Table striped withTableBorder fz="sm">
              <Table.Caption>Resources completed by the participants they are meant for</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Resource</Table.Th>
                  <Table.Th scope="col">For</Table.Th>
                  <Table.Th scope="col">Completed</Table.Th>
                  <Table.Th scope="col">Share</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r, index) => (
                  <Table.Tr
                    key={r.id}
                    className={
                      index >= (page - 1) * RESOURCE_PAGE && index < page * RESOURCE_PAGE
                        ? undefined
                        : 'dashboard-offpage'
                    }
                  >
                    <Table.Th scope="row" fw={500}>
                      {r.title}
                    </Table.Th>
                    <Table.Td>
                      {r.audience === 'both' ? 'Everyone' : r.audience === 'mentor' ? 'Mentors' : 'Mentees'}
                    </Table.Td>
                    <Table.Td>
                      {r.completed.suppressed
                        ? 'Too few to show'
                        : r.eligible.value === 0
                          ? 'Nobody it is meant for'
                          : `${countText(r.completed)} of ${countText(r.eligible)}`}
                    </Table.Td>
                    <Table.Td>{figureText(r.completionRate, percent)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {pages > 1 && (
              <Group justify="flex-end" className="no-print">
                <LabelledPagination total={pages} value={page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function describeFilters(d: ProgramDashboard): string {
  const parts = [
    d.filters.department,
    d.filters.levelBand ? levelBandLabels[d.filters.levelBand] : null,
    d.filters.location,
  ].filter(Boolean);
  return parts.length > 0 ? `Participants: ${parts.join(' · ')}` : 'All participants';
}

/** The program dashboard (§8): filters, headline figures, charts with their tables, CSV exports and a print view. */
export function ProgramDashboardTab({ program }: { program: Program }) {
  const [query, setQuery] = useState<ProgramDashboardQuery>({});
  const dashboard = useProgramDashboard(program.id, query);
  const d = dashboard.data;

  return (
    <Stack gap="lg" className="dashboard-report">
      <Group justify="space-between" className="no-print">
        <Text size="sm" c="dimmed" maw={640}>
          How the program is doing for the period and people you choose. Figures about fewer than{' '}
          {d?.minGroupSize ?? 5} people are never shown, so nobody can be singled out.
        </Text>
        <Group gap="xs">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} aria-hidden="true" />}>
                Download CSV
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(Object.keys(tableLabels) as DashboardTable[]).map((table) => (
                <Menu.Item
                  key={table}
                  component="a"
                  href={dashboardCsvUrl(program.id, query, table)}
                  download
                >
                  {tableLabels[table]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button
            variant="default"
            leftSection={<IconPrinter size={16} aria-hidden="true" />}
            onClick={() => window.print()}
            disabled={!d}
          >
            Print report
          </Button>
        </Group>
      </Group>
      <FilterBar query={query} onChange={setQuery} />

      {dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : !d ? (
        <LoadingState label="Loading the dashboard…" />
      ) : (
        <Stack gap="lg" aria-busy={dashboard.isFetching}>
          <div className="print-only print-title">
            <Title order={2}>{program.name} — program report</Title>
            <Text>
              {formatDate(d.period.from)} to {formatDate(d.period.to)} · {describeFilters(d)}
            </Text>
          </div>
          <Text size="sm" c="dimmed" className="no-print" role="status">
            {formatDate(d.period.from)} to {formatDate(d.period.to)} · {describeFilters(d)}
          </Text>
          {d.funnel.enrolled.suppressed && (
            <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
              Fewer than {d.minGroupSize} mentees match these filters, so their figures are not shown. Widen
              the filters to see more.
            </Alert>
          )}
          <SimpleGrid cols={{ base: 2, sm: 4 }} className="dashboard-stats">
            <StatCard label="Mentees enrolled" value={countText(d.funnel.enrolled)} />
            <StatCard
              label="Matched"
              value={figureText(d.matching.matchRate, percent)}
              hint={`${countText(d.funnel.matched)} mentees`}
            />
            <StatCard
              label="Days to match"
              value={figureText(d.matching.medianDaysToMatch, (v) => String(Math.round(v)))}
              hint="Median, from enrolment to the start"
            />
            <StatCard
              label="Match score"
              value={figureText(d.matching.meanMatchScore, (v) => String(Math.round(v)))}
              hint="Mean, of 100"
            />
            <StatCard
              label={d.groups ? 'Active members' : 'Active pairs'}
              value={countText(d.funnel.active)}
              hint="At the end of the period"
            />
            <StatCard label="Completed" value={countText(d.funnel.completed)} />
            <StatCard
              label="Goals done"
              value={figureText(d.goals.completionRate, percent)}
              hint="Of the goals set"
            />
            <StatCard
              label="Net Promoter Score"
              value={figureText(d.nps.score, signed)}
              hint={`Check-in fit ${figureText(d.checkInFit.mean, oneDecimal)} of 5`}
            />
          </SimpleGrid>
          {d.groups && (
            <SimpleGrid cols={{ base: 2, sm: 4 }} className="dashboard-stats">
              <StatCard label="Groups" value={countText(d.groups.active)} hint="With members, at the end" />
              <StatCard
                label="Group size"
                value={figureText(d.groups.meanSize, oneDecimal)}
                hint={`Mean; ${countText(d.groups.members)} members`}
              />
              <StatCard
                label="Group meetings held"
                value={countText(d.groups.meetingsHeld)}
                hint="In the period; each counts once for every member present"
              />
            </SimpleGrid>
          )}
          <div className="dashboard-grid">
            <FunnelCard d={d} />
            <MonthlyCards d={d} />
            <RatingsCard d={d} />
            <GoalsAndResources d={d} />
            <div className="dashboard-card">
              <SkillsChangeCard programId={program.id} />
            </div>
          </div>
        </Stack>
      )}
    </Stack>
  );
}
