import { Alert, Button, Card, Group, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { DiversityReport, OutcomeRole } from '../../../../src/contracts/outcomes.contracts.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { diversityCsvUrl, useDiversity } from '../api/outcomes.api.ts';
import { percent } from './outcome-card.tsx';

const fieldWords: Record<string, string> = {
  gender: 'Gender',
  ethnicity: 'Ethnicity',
  age_band: 'Age band',
  disability: 'Disability',
  sexual_orientation: 'Sexual orientation',
};
const fieldLabel = (field: string) =>
  fieldWords[field] ?? field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

const count = (x: number | null) => (x === null ? 'Hidden' : String(x));
const rate = (x: number | null) => (x === null ? 'Hidden' : percent(x));

function DiversityTable({ data, who }: { data: DiversityReport; who: string }) {
  const rows = [
    ...data.groups.map((g) => ({ ...g, label: g.group })),
    { ...data.total, label: 'All', group: '', notStated: false },
  ];
  return (
    <ScrollArea type="auto" viewportProps={{ tabIndex: 0, 'aria-label': 'Diversity table' }}>
      <Table striped withTableBorder miw={820}>
        <Table.Caption>
          {fieldLabel(data.dimension)}: people in the organisation, participating {who}, how many were
          matched, and for those who started at least 12 months ago, how many were promoted within 12 months
          and were still employed after 12 months (unadjusted).
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{fieldLabel(data.dimension)}</Table.Th>
            <Table.Th scope="col">People</Table.Th>
            <Table.Th scope="col">Participants</Table.Th>
            <Table.Th scope="col">Matched</Table.Th>
            <Table.Th scope="col">Match rate</Table.Th>
            <Table.Th scope="col">Followed 12 months</Table.Th>
            <Table.Th scope="col">Promoted</Table.Th>
            <Table.Th scope="col">Still employed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.label} fw={r.label === 'All' ? 600 : undefined}>
              <Table.Th scope="row" fw={r.label === 'All' ? 700 : 500}>
                {r.label}
              </Table.Th>
              <Table.Td>{count(r.people)}</Table.Td>
              <Table.Td>{count(r.participants)}</Table.Td>
              <Table.Td>{count(r.matched)}</Table.Td>
              <Table.Td>{rate(r.matchRate)}</Table.Td>
              <Table.Td>{count(r.followed)}</Table.Td>
              <Table.Td>
                {r.promoted === null ? 'Hidden' : `${r.promoted} (${rate(r.promotionRate)})`}
              </Table.Td>
              <Table.Td>
                {r.retained === null ? 'Hidden' : `${r.retained} (${rate(r.retentionRate)})`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** Staff: participation, matching and unadjusted outcomes by a self-described group, small groups withheld. */
export function DiversityPanel({ programId, role }: { programId: string | undefined; role: OutcomeRole }) {
  const [dimension, setDimension] = useState('gender');
  const query = useDiversity({ programId, role, dimension });
  const who = role === 'mentee' ? 'mentees' : 'mentors';
  const fields = query.data?.dimensions ?? [];
  const options = [...new Set([...fields, dimension])].map((f) => ({ value: f, label: fieldLabel(f) }));
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="diversity-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h3" id="diversity-heading">
            Diversity
          </Title>
          <Select
            label="Group people by"
            data={options}
            value={dimension}
            onChange={(v) => v && setDimension(v)}
            allowDeselect={false}
            w={220}
          />
        </Group>
        {query.data && query.data.dimensions.length > 0 && (
          <Group justify="flex-end">
            <Button
              component="a"
              variant="default"
              href={diversityCsvUrl({ programId, role, dimension })}
              download
              leftSection={<IconDownload size={18} aria-hidden="true" />}
              aria-label={`Download CSV: diversity by ${fieldLabel(dimension).toLowerCase()}`}
            >
              Download CSV
            </Button>
          </Group>
        )}
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : !query.data ? (
          <LoadingState label="Loading the diversity view…" />
        ) : query.data.dimensions.length === 0 ? (
          <EmptyState
            order={3}
            title="Nobody has described themselves yet"
            description="People can choose to share details such as gender or ethnicity. Until some do, everyone is counted as “Not stated” and there are no groups to compare."
          />
        ) : (
          <>
            <DiversityTable data={query.data} who={who} />
            <Alert variant="light" color="blue" title="Why some figures are hidden">
              <Text size="sm">
                Sharing these details is optional, and people who did not are counted as “Not stated”. To
                protect people in small groups, any group with fewer than {query.data.minGroupSize}{' '}
                participants (or fewer than {query.data.minGroupSize} followed for 12 months) is hidden, and
                so are a few other figures or totals that would let someone work the hidden ones out
                {query.data.hiddenCells > 0 ? ` (${query.data.hiddenCells} figures hidden here)` : ''}. The
                outcome rates are not adjusted for level, department or years of service.
              </Text>
            </Alert>
          </>
        )}
      </Stack>
    </Card>
  );
}
