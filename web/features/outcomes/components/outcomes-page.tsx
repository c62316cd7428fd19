import { Alert, Button, Container, Group, List, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconChartLine, IconDownload, IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { OutcomeRole, OutcomesReport } from '../../../../src/contracts/outcomes.contracts.ts';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { usePageTitle } from '../../../lib/page-title.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { outcomesCsvUrl, useOutcomePrograms, useOutcomes } from '../api/outcomes.api.ts';
import { DiversityPanel } from './diversity-panel.tsx';
import { OutcomeCard } from './outcome-card.tsx';
import { RetentionChart } from './retention-chart.tsx';

const ALL = 'all';

function CannotRuleOut() {
  return (
    <Alert
      variant="light"
      color="yellow"
      title="What this comparison cannot rule out"
      styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}
    >
      <Stack gap="xs">
        <Text size="sm">
          People chose to join mentoring. Those who join may differ from those who do not in ways the
          directory does not record:
        </Text>
        <List size="sm" spacing={2}>
          <List.Item>they may be more motivated or more ambitious;</List.Item>
          <List.Item>they may have a supportive manager who encouraged them;</List.Item>
          <List.Item>a promotion may already have been in sight when they joined.</List.Item>
        </List>
        <Text size="sm">
          The comparison takes department, job function, level and years of service into account, so the
          difference is an association after allowing for those — not proof that mentoring caused it. The
          unadjusted difference is shown beside it to show how much the adjustment changes the picture.
        </Text>
      </Stack>
    </Alert>
  );
}

function Dropped({ report }: { report: OutcomesReport }) {
  const p = report.participants;
  const reasons = [
    [p.dropped.noComparable, 'had nobody comparable (same department, function, level and years of service)'],
    [p.dropped.missingData, 'have no department, job function, level or hire date in the directory'],
    [p.dropped.notEmployedAtStart, 'were not employed on the day they started, as far as the history shows'],
    [p.dropped.notInDirectory, 'are not in the directory'],
  ] as const;
  const shownReasons = reasons.filter(([n]) => n > 0);
  return (
    <Stack gap={4}>
      <Text size="sm">
        {p.total} participants; {p.matched} compared with comparable people.
        {p.horizonNotElapsed > 0 &&
          ` ${p.horizonNotElapsed} started less than ${report.horizonMonths} months ago and are not counted yet.`}
      </Text>
      {shownReasons.length > 0 && (
        <>
          <Text size="sm">Left out of the comparison:</Text>
          <List size="sm" spacing={2}>
            {shownReasons.map(([n, words]) => (
              <List.Item key={words}>
                {n} {words}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

function CareerOutcomes({ report }: { report: OutcomesReport }) {
  const who = report.role === 'mentee' ? 'mentees' : 'mentors';
  if (!report.hasHistory) {
    return (
      <EmptyState
        icon={<IconChartLine size={30} />}
        title="No career history yet"
        description="Outcomes compare promotions and departures of participants with similar colleagues. Import your HR system’s history of hires, promotions and departures to see them."
      >
        <Button component={Link} to="/import" leftSection={<IconFileImport size={18} aria-hidden="true" />}>
          Go to Import
        </Button>
      </EmptyState>
    );
  }
  return (
    <Stack gap="lg">
      {report.suppressed && (
        <Alert variant="light" color="gray" title="Not enough participants to show yet">
          <Text size="sm">
            Fewer than {report.minGroupSize} participants could be compared with similar colleagues, so no
            rate is shown: it would describe individual people.
          </Text>
        </Alert>
      )}
      <Group grow align="stretch" wrap="wrap">
        <OutcomeCard
          title={`Promoted within ${report.horizonMonths} months`}
          result={report.promotion}
          who={who}
          eventWords="promoted"
          minGroupSize={report.minGroupSize}
        />
        <OutcomeCard
          title={`Still employed after ${report.horizonMonths} months`}
          result={report.retention}
          who={who}
          eventWords="still employed"
          minGroupSize={report.minGroupSize}
        />
      </Group>
      <CannotRuleOut />
      {report.curves && <RetentionChart curves={report.curves} who={who} />}
      <Stack gap="xs">
        <Title order={2} size="h4">
          Who is compared
        </Title>
        <Text size="sm">{report.matchingRule}</Text>
        <Dropped report={report} />
      </Stack>
    </Stack>
  );
}

/** Staff: do participants get promoted and stay more than comparable colleagues? And who takes part (§8). */
export function OutcomesPage() {
  usePageTitle('Outcomes');
  const programs = useOutcomePrograms();
  const [picked, setPicked] = useState<string | null>(null);
  const [role, setRole] = useState<OutcomeRole>('mentee');
  const [horizon, setHorizon] = useState('12');
  const choices = programs.data;
  const programValue = picked ?? (choices ? (choices.allowAll ? ALL : (choices.items[0]?.id ?? null)) : null);
  const programId = programValue && programValue !== ALL ? programValue : undefined;
  const query = { programId, role, horizonMonths: Number(horizon) };
  const ready = Boolean(choices && programValue);
  const report = useOutcomes(query, ready);

  if (programs.isError) {
    return (
      <Container size="lg" py="lg">
        <ErrorState error={programs.error} onRetry={() => programs.refetch()} />
      </Container>
    );
  }
  const options = [
    ...(choices?.allowAll ? [{ value: ALL, label: 'All programs' }] : []),
    ...(choices?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];
  return (
    <Container size="lg" py="lg">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Outcomes</Title>
          <Text c="dimmed">
            Are participants promoted and do they stay, compared with colleagues in a similar position who did
            not take part?
          </Text>
        </Stack>
        <Group align="flex-end" justify="space-between">
          <Group align="flex-end">
            <Select
              label="Program"
              data={options}
              value={programValue}
              onChange={(v) => v && setPicked(v)}
              allowDeselect={false}
              disabled={!choices}
              w={260}
            />
            <LabelledSegmentedControl
              labelId="outcomes-role"
              label="Participants"
              value={role}
              onChange={(v) => setRole(v as OutcomeRole)}
              data={[
                { value: 'mentee', label: 'Mentees' },
                { value: 'mentor', label: 'Mentors' },
              ]}
            />
            <Select
              label="Over"
              data={[
                { value: '6', label: '6 months' },
                { value: '12', label: '12 months' },
                { value: '24', label: '24 months' },
              ]}
              value={horizon}
              onChange={(v) => v && setHorizon(v)}
              allowDeselect={false}
              w={140}
            />
          </Group>
          <Button
            component="a"
            variant="default"
            href={outcomesCsvUrl(query)}
            download
            leftSection={<IconDownload size={18} aria-hidden="true" />}
            disabled={!ready}
          >
            Download CSV
          </Button>
        </Group>
        {choices && choices.items.length === 0 && !choices.allowAll ? (
          <EmptyState
            title="No programs yet"
            description="Outcomes appear once a program has participants."
          />
        ) : (
          <Tabs defaultValue="careers" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="careers">Promotion and retention</Tabs.Tab>
              <Tabs.Tab value="diversity">Diversity</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="careers" pt="md">
              {report.isError ? (
                <ErrorState error={report.error} onRetry={() => report.refetch()} />
              ) : !report.data ? (
                <LoadingState label="Comparing careers…" />
              ) : (
                <CareerOutcomes report={report.data} />
              )}
            </Tabs.Panel>
            <Tabs.Panel value="diversity" pt="md">
              {ready && <DiversityPanel programId={programId} role={role} />}
            </Tabs.Panel>
          </Tabs>
        )}
      </Stack>
    </Container>
  );
}
