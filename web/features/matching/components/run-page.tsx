import '../../programs/components/programs.css';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowsExchange,
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconLock,
  IconLockOpen,
  IconRefresh,
  IconSearch,
  IconSend,
  IconUserMinus,
  IconUserShare,
} from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { MatchRun, RunEditInput, RunPair } from '../../../../src/contracts/match-runs.contracts.ts';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime, formatNumber, plural } from '../../../lib/format.ts';
import { useProgramEnrolments } from '../../enrolment/api/enrolment.api.ts';
import { useProgram } from '../../programs/api/programs.api.ts';
import { StatCard } from '../../programs/components/stat-card.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import {
  EmptyState,
  ErrorState,
  ListState,
  LoadingState,
  PlaceholderRows,
} from '../../shell/components/states.tsx';
import {
  formatScore,
  matchModeLabel,
  reasonText,
  unmatchedReasonLabel,
  useEditRun,
  useMatchRun,
  usePublishRun,
  useRunPairs,
  useStartRun,
} from '../api/matching.api.ts';
import { PairExplanationPanel } from './pair-explanation.tsx';
import { phaseLabel, RunStatusBadge } from './run-status-badge.tsx';

type Filter = 'all' | 'matched' | 'unmatched' | 'locked';

export function RunPage() {
  const { id = '', runId = '' } = useParams();
  const program = useProgram(id);
  const run = useMatchRun(id, runId);
  const navigate = useNavigate();
  const rerun = useStartRun(id);
  const publish = usePublishRun(id, runId);
  const [confirmPublish, setConfirmPublish] = useState(false);

  if (run.isPending || program.isPending) return <LoadingState label="Loading the run…" />;
  if (run.isError)
    return (
      <ErrorState error={run.error} title="This run could not be loaded" onRetry={() => run.refetch()} />
    );
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;
  const data = run.data;
  const stats = data.stats;
  const busy = data.status === 'queued' || data.status === 'running';
  const editable = data.status === 'draft';

  const onRerun = () =>
    rerun.mutate(
      { mode: data.mode, baseRunId: data.id },
      {
        onSuccess: (next) => {
          notifications.show({
            color: 'trellis',
            message: `Run #${next.number} started; it keeps the locked pairs and edits of run #${data.number}.`,
          });
          navigate(`/programs/${id}/runs/${next.id}`);
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Run not started', message: errorMessage(error) }),
      },
    );

  const onPublish = () =>
    publish.mutate(undefined, {
      onSuccess: (result) => {
        setConfirmPublish(false);
        notifications.show({
          color: 'trellis',
          title: 'Matches published',
          message: `${plural(result.relationshipsCreated, 'relationship')} created; ${plural(result.notificationsCreated, 'person', 'people')} notified.${
            result.skipped.length ? ` ${result.skipped.length} skipped.` : ''
          }`,
        });
      },
      onError: (error) => {
        setConfirmPublish(false);
        notifications.show({ color: 'red', title: 'Not published', message: errorMessage(error) });
      },
    });

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb" separator="›">
        <Anchor component={Link} to="/programs" size="sm">
          Programs
        </Anchor>
        <Anchor component={Link} to={`/programs/${id}/runs`} size="sm">
          {program.data.name}
        </Anchor>
        <Text size="sm" c="dimmed">
          Run #{data.number}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>Run #{data.number}</span>
            <RunStatusBadge status={data.status} />
          </Group>
        }
        documentTitle={`Run #${data.number} · ${program.data.name}`}
        description={`${matchModeLabel[data.mode]} · started ${formatDateTime(data.createdAt)}${
          data.publishedAt ? ` · published ${formatDateTime(data.publishedAt)}` : ''
        }`}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconRefresh size={18} aria-hidden="true" />}
              onClick={onRerun}
              loading={rerun.isPending}
              disabled={busy}
            >
              Re-run
            </Button>
            <Button
              leftSection={<IconSend size={18} aria-hidden="true" />}
              onClick={() => setConfirmPublish(true)}
              disabled={!editable || publish.isPending}
            >
              Publish
            </Button>
          </>
        }
      />
      {data.status === 'failed' && (
        <Alert color="red" variant="light" mb="lg" title="This run failed" role="alert">
          {data.error ?? 'The matcher stopped. Try again.'}
        </Alert>
      )}
      {busy ? (
        <Paper withBorder p="xl" role="status" aria-live="polite">
          <Stack gap="sm" maw={560} mx="auto">
            <Group justify="space-between">
              <Text fw={600}>{phaseLabel[data.progress?.phase ?? 'queued']}</Text>
              <Text c="dimmed" className="stat-value">
                {Math.round(data.progress?.percent ?? 0)}%
              </Text>
            </Group>
            <Progress
              value={data.progress?.percent ?? 0}
              animated
              striped
              size="lg"
              aria-label="Run progress"
            />
          </Stack>
        </Paper>
      ) : (
        <Stack gap="lg">
          {stats && (
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
          )}
          {stats && stats.unmatched > 0 && (
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
          <PairsTable programId={id} run={data} editable={editable} />
        </Stack>
      )}
      <Modal
        opened={confirmPublish}
        onClose={() => !publish.isPending && setConfirmPublish(false)}
        title={`Publish run #${data.number}?`}
        centered
      >
        <Stack>
          <Text size="sm">
            {stats
              ? `${plural(stats.matched, 'pair')} become relationships, and every mentor and mentee is notified. `
              : ''}
            Unmatched mentees stay enrolled; you can match them later. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmPublish(false)} disabled={publish.isPending}>
              Cancel
            </Button>
            <Button
              onClick={onPublish}
              loading={publish.isPending}
              leftSection={<IconSend size={16} aria-hidden="true" />}
            >
              Publish matches
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function PairsTable({ programId, run, editable }: { programId: string; run: MatchRun; editable: boolean }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
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
          <TextInput
            label="Search pairs"
            placeholder="Mentee or mentor name"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(1);
            }}
            type="search"
            w={240}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="pairs-filter-label">
              Show
            </Text>
            <SegmentedControl
              aria-labelledby="pairs-filter-label"
              value={filter}
              onChange={(value) => {
                setFilter(value as Filter);
                setPage(1);
              }}
              data={[
                { value: 'all', label: 'All' },
                { value: 'matched', label: 'Matched' },
                { value: 'unmatched', label: 'Unmatched' },
                { value: 'locked', label: 'Locked' },
              ]}
            />
          </Stack>
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
                    <Fragment key={key}>
                      <Table.Tr data-testid="pair-row">
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-expanded={open}
                            aria-controls={`explain-${key}`}
                            aria-label={`Why ${pair.mentee.name} ${pair.mentor ? `is paired with ${pair.mentor.name}` : 'is unmatched'}`}
                            onClick={() => setExpanded(open ? null : key)}
                          >
                            {open ? (
                              <IconChevronDown size={18} aria-hidden="true" />
                            ) : (
                              <IconChevronRight size={18} aria-hidden="true" />
                            )}
                          </ActionIcon>
                        </Table.Td>
                        <Table.Td>
                          <Link to={`/people/${pair.mentee.personId}`} className="row-link">
                            {pair.mentee.name}
                          </Link>
                        </Table.Td>
                        <Table.Td>
                          {pair.mentor ? (
                            <Link to={`/people/${pair.mentor.personId}`} className="row-link">
                              {pair.mentor.name}
                            </Link>
                          ) : (
                            <Text size="sm" c="var(--mantine-color-orange-text)" fw={500}>
                              {reasonText(pair.reason)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">
                          <ScorePill score={pair.score} />
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {pair.locked && (
                              <Badge
                                variant="light"
                                color="blue"
                                radius="sm"
                                leftSection={<IconLock size={12} aria-hidden="true" />}
                              >
                                Locked
                              </Badge>
                            )}
                            {pair.source === 'edit' && (
                              <Badge variant="light" color="gray" radius="sm">
                                Edited
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {editable && (
                            <Menu position="bottom-end" shadow="md" width={220}>
                              <Menu.Target>
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  aria-label={`Edit the pair of ${pair.mentee.name}`}
                                >
                                  <IconDots size={18} aria-hidden="true" />
                                </ActionIcon>
                              </Menu.Target>
                              <Menu.Dropdown>
                                <Menu.Item
                                  leftSection={<IconUserShare size={16} aria-hidden="true" />}
                                  onClick={() => setReassigning(pair)}
                                >
                                  {pair.mentor ? 'Reassign mentor…' : 'Assign a mentor…'}
                                </Menu.Item>
                                {pair.mentor && (
                                  <Menu.Item
                                    leftSection={<IconArrowsExchange size={16} aria-hidden="true" />}
                                    onClick={() => setSwapping(pair)}
                                  >
                                    Swap mentors with…
                                  </Menu.Item>
                                )}
                                {pair.mentor &&
                                  (pair.locked ? (
                                    <Menu.Item
                                      leftSection={<IconLockOpen size={16} aria-hidden="true" />}
                                      onClick={() =>
                                        apply(
                                          { action: 'unlock', menteeEnrolmentId: key },
                                          `${pair.mentee.name}’s pair is unlocked.`,
                                        )
                                      }
                                    >
                                      Unlock
                                    </Menu.Item>
                                  ) : (
                                    <Menu.Item
                                      leftSection={<IconLock size={16} aria-hidden="true" />}
                                      onClick={() =>
                                        apply(
                                          { action: 'lock', menteeEnrolmentId: key },
                                          `${pair.mentee.name}’s pair is locked; re-runs keep it.`,
                                        )
                                      }
                                    >
                                      Lock this pair
                                    </Menu.Item>
                                  ))}
                                {pair.mentor && (
                                  <Menu.Item
                                    color="red"
                                    leftSection={<IconUserMinus size={16} aria-hidden="true" />}
                                    onClick={() =>
                                      apply(
                                        { action: 'unmatch', menteeEnrolmentId: key },
                                        `${pair.mentee.name} is unmatched.`,
                                      )
                                    }
                                  >
                                    Unmatch
                                  </Menu.Item>
                                )}
                              </Menu.Dropdown>
                            </Menu>
                          )}
                        </Table.Td>
                      </Table.Tr>
                      {open && (
                        <Table.Tr id={`explain-${key}`} className="explain-row">
                          <Table.Td colSpan={6} bg="gray.0" px="lg" py="md">
                            <PairExplanationPanel
                              programId={programId}
                              runId={run.id}
                              menteeEnrolmentId={key}
                            />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
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

export function ScorePill({ score }: { score: number | null }) {
  if (score === null)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const color = score >= 70 ? 'trellis' : score >= 45 ? 'yellow' : 'orange';
  return (
    <Group gap={8} justify="flex-end" wrap="nowrap">
      <div className="criterion-bar" style={{ width: 56 }} aria-hidden="true">
        <span style={{ width: `${Math.min(100, score)}%`, background: `var(--mantine-color-${color}-6)` }} />
      </div>
      <Text size="sm" fw={700} className="stat-value" w={40} ta="right">
        {formatScore(score)}
      </Text>
    </Group>
  );
}

function ReassignModal({
  programId,
  pair,
  pending,
  onClose,
  onSubmit,
}: {
  programId: string;
  pair: RunPair;
  pending: boolean;
  onClose: () => void;
  onSubmit: (mentorEnrolmentId: string, name: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [value, setValue] = useState<string | null>(null);
  const mentors = useProgramEnrolments(programId, {
    role: 'mentor',
    status: 'approved',
    q: q || undefined,
    pageSize: 50,
  });
  const options = (mentors.data?.items ?? [])
    .filter((enrolment) => enrolment.id !== pair.mentor?.enrolmentId)
    .map((enrolment) => ({
      value: enrolment.id,
      label: `${enrolment.person.name}${enrolment.person.title ? ` — ${enrolment.person.title}` : ''}`,
    }));
  const [chosenLabel, setChosenLabel] = useState('');
  return (
    <Modal opened onClose={onClose} title={`Choose a mentor for ${pair.mentee.name}`} centered>
      <Stack>
        {pair.mentor && (
          <Text size="sm" c="dimmed">
            Now paired with {pair.mentor.name} ({formatScore(pair.score)}). The server checks the hard rules
            and the mentor’s capacity.
          </Text>
        )}
        <Select
          label="Mentor"
          placeholder="Search mentors"
          data={options}
          value={value}
          onChange={(next, option) => {
            setValue(next);
            setChosenLabel(option?.label.split(' — ')[0] ?? '');
          }}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          nothingFoundMessage={mentors.isFetching ? 'Searching…' : 'No mentor matches'}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!value} loading={pending} onClick={() => value && onSubmit(value, chosenLabel)}>
            Assign mentor
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SwapModal({
  programId,
  runId,
  pair,
  pending,
  onClose,
  onSubmit,
}: {
  programId: string;
  runId: string;
  pair: RunPair;
  pending: boolean;
  onClose: () => void;
  onSubmit: (menteeEnrolmentId: string, name: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [value, setValue] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const pairs = useRunPairs(programId, runId, { filter: 'matched', q: q || undefined, pageSize: 50 });
  const options = (pairs.data?.items ?? [])
    .filter((item) => item.mentee.enrolmentId !== pair.mentee.enrolmentId && item.mentor)
    .map((item) => ({
      value: item.mentee.enrolmentId,
      label: `${item.mentee.name} (with ${item.mentor?.name})`,
    }));
  return (
    <Modal opened onClose={onClose} title={`Swap ${pair.mentee.name}’s mentor`} centered>
      <Stack>
        <Text size="sm" c="dimmed">
          {pair.mentee.name} takes the other mentee’s mentor, and the other mentee takes {pair.mentor?.name}.
        </Text>
        <Select
          label="Swap with"
          placeholder="Search mentees"
          data={options}
          value={value}
          onChange={(next, option) => {
            setValue(next);
            setChosen(option?.label.split(' (')[0] ?? '');
          }}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          nothingFoundMessage={pairs.isFetching ? 'Searching…' : 'No matched mentee'}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!value} loading={pending} onClick={() => value && onSubmit(value, chosen)}>
            Swap mentors
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
