import { Group, Paper, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type {
  MatchRun,
  PairsQuery,
  RunEditInput,
  RunPair,
} from '../../../../src/contracts/match-runs.contracts.ts';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { EmptyState, ListState, PlaceholderRows } from '../../shell/components/states.tsx';
import { useEditRun, useRunPairs } from '../api/matching.api.ts';
import { ReassignModal, SwapModal } from './pair-edit-modals.tsx';
import { PairActionsMenu, PairRow } from './pair-row.tsx';

/** A run's pairs: search, filter and sort by score, a page at a time; each row explains itself and can be edited. */
export function PairsTable({
  programId,
  run,
  editable,
}: {
  programId: string;
  run: MatchRun;
  editable: boolean;
}) {
  const [filter, setFilter] = useState<PairsQuery['filter']>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [order, setOrder] = useState<PairsQuery['order']>('desc');
  const [expanded, setExpanded] = useState<string | null>(null);
  const [reassigning, setReassigning] = useState<RunPair | null>(null);
  const [swapping, setSwapping] = useState<RunPair | null>(null);
  const pairs = useRunPairs(programId, run.id, {
    filter,
    q: q || undefined,
    page,
    pageSize: 25,
    sort: 'score',
    order,
  });
  const edit = useEditRun(programId, run.id);
  const data = pairs.data;

  const apply = (input: RunEditInput, done: string, after?: () => void) =>
    edit.mutate(input, {
      onSuccess: () => {
        notifications.show({ color: 'trellis', message: done });
        after?.();
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
    });

  return (
    <Paper withBorder style={{ overflow: 'hidden' }} component="section" aria-labelledby="pairs-heading">
      <Group
        justify="space-between"
        p="md"
        align="flex-end"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Title order={2} size="h4" id="pairs-heading">
          Pairs
        </Title>
        <Group gap="sm" align="flex-end">
          <SearchInput
            label="Search pairs"
            placeholder="Mentee or mentor name"
            value={search}
            onSearch={(value) => {
              setSearch(value);
              setPage(1);
            }}
            w={240}
          />
          <LabelledSegmentedControl
            labelId="pairs-filter-label"
            label="Show"
            value={filter}
            onChange={(value) => {
              setFilter(value as PairsQuery['filter']);
              setPage(1);
            }}
            data={[
              { value: 'all', label: 'All' },
              { value: 'matched', label: 'Matched' },
              { value: 'unmatched', label: 'Unmatched' },
              { value: 'locked', label: 'Locked' },
              { value: 'neutral', label: 'Thin evidence' },
            ]}
          />
        </Group>
      </Group>
      <Group px="md" py="xs" bg="gray.0">
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {data ? plural(data.total, 'mentee') : 'Loading pairs…'}
        </Text>
      </Group>
      <ListState
        query={pairs}
        inset
        empty={<EmptyState title="Nothing to show" description="No pair matches this filter." />}
      >
        <Table.ScrollContainer minWidth={820}>
          <Table aria-label="Pairs" aria-busy={pairs.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={44}>
                  <span className="visually-hidden">Explanation</span>
                </Table.Th>
                <Table.Th>Mentee</Table.Th>
                <Table.Th>Mentor</Table.Th>
                <Table.Th ta="right" aria-sort={order === 'desc' ? 'descending' : 'ascending'}>
                  <button
                    type="button"
                    className="sort-button unstyled-button"
                    onClick={() => setOrder(order === 'desc' ? 'asc' : 'desc')}
                  >
                    Score {order === 'desc' ? '↓' : '↑'}
                    <span className="visually-hidden">
                      , sort {order === 'desc' ? 'ascending' : 'descending'}
                    </span>
                  </button>
                </Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th w={60}>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {!data ? (
                <PlaceholderRows rows={5} columns={6} height={24} />
              ) : (
                data.items.map((pair) => {
                  const key = pair.mentee.enrolmentId;
                  const open = expanded === key;
                  return (
                    <PairRow
                      key={key}
                      programId={programId}
                      runId={run.id}
                      pair={pair}
                      open={open}
                      onToggle={() => setExpanded(open ? null : key)}
                      actions={
                        editable && (
                          <PairActionsMenu
                            pair={pair}
                            onReassign={() => setReassigning(pair)}
                            onSwap={() => setSwapping(pair)}
                            onEdit={apply}
                          />
                        )
                      }
                    />
                  );
                })
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
      <TablePageFooter result={data} page={page} onChange={setPage} />
      {reassigning && (
        <ReassignModal
          programId={programId}
          pair={reassigning}
          pending={edit.isPending}
          onClose={() => setReassigning(null)}
          onSubmit={(mentorEnrolmentId, mentorName) =>
            apply(
              { action: 'reassign', menteeEnrolmentId: reassigning.mentee.enrolmentId, mentorEnrolmentId },
              `${reassigning.mentee.name} is now paired with ${mentorName}.`,
              () => setReassigning(null),
            )
          }
        />
      )}
      {swapping && (
        <SwapModal
          programId={programId}
          runId={run.id}
          pair={swapping}
          pending={edit.isPending}
          onClose={() => setSwapping(null)}
          onSubmit={(other, otherName) =>
            apply(
              { action: 'swap', menteeA: swapping.mentee.enrolmentId, menteeB: other },
              `${swapping.mentee.name} and ${otherName} swapped mentors.`,
              () => setSwapping(null),
            )
          }
        />
      )}
    </Paper>
  );
}
