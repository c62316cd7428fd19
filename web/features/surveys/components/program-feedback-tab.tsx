import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconMessage, IconUserShare } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import type {
  AttentionItem,
  AttentionQuery,
  ProgramFeedback,
} from '../../../../src/contracts/surveys.contracts.ts';
import { meetingHelpedLabels } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { LabelledPagination, TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { formatDate, formatNumber, plural } from '../../../lib/format.ts';
import { StatCard } from '../../programs/components/stat-card.tsx';
import { useRelationship } from '../../relationships/api/relationships.api.ts';
import { ReassignRelationshipModal } from '../../relationships/components/program-relationships-tab.tsx';
import { RelationshipStatusBadge } from '../../relationships/components/relationship-status-badge.tsx';
import {
  EmptyState,
  ErrorState,
  FormError,
  ListState,
  LoadingState,
  PlaceholderRows,
} from '../../shell/components/states.tsx';
import {
  fitLabels,
  overallLabels,
  useProgramAttention,
  useProgramFeedback,
  useResolveAttention,
} from '../api/surveys.api.ts';
import { RatingBars } from './rating-bars.tsx';

const sourceLabel: Record<string, string> = {
  meeting: 'Meeting feedback',
  check_in: 'Check-in',
  closing: 'Closing survey',
};

function mean(value: number | null, outOf = 5): string {
  return value === null ? '—' : `${value.toFixed(1)} / ${outOf}`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

function Section({
  title,
  id,
  children,
  action,
}: {
  title: string;
  id: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

/**
 * Program staff's view of how the pairs feel (§6, §8): ratings, check-ins, NPS, what helped, the comments people
 * chose to share (never with their names), and what needs attention — low fits and rematch requests — with the
 * actions to resolve them or end the relationship and rematch the mentee.
 */
export function ProgramFeedbackTab({ program }: { program: Program }) {
  const [commentsPage, setCommentsPage] = useState(1);
  const feedback = useProgramFeedback(program.id, commentsPage);
  if (feedback.isPending) return <LoadingState label="Loading feedback…" />;
  if (feedback.isError) {
    return (
      <ErrorState
        error={feedback.error}
        title="Feedback could not be loaded"
        onRetry={() => feedback.refetch()}
      />
    );
  }
  const data = feedback.data;
  return (
    <Stack gap="lg">
      <StatCards data={data} />
      <AttentionSection program={program} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title="Meeting ratings" id="feedback-meetings">
          {data.meetings.count === 0 ? (
            <Text size="sm" c="dimmed">
              No meeting has been rated yet.
            </Text>
          ) : (
            <RatingBars
              unit="rating"
              bars={[...data.meetings.distribution].reverse().map((d) => ({
                label: `${d.rating} star${d.rating === 1 ? '' : 's'}`,
                count: d.count,
              }))}
            />
          )}
        </Section>
        <Section title="What helped in meetings" id="feedback-helped">
          {data.meetings.count === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing yet: people tick what helped when they rate a meeting.
            </Text>
          ) : (
            <RatingBars
              unit="mention"
              color="blue"
              bars={[...data.meetings.helped]
                .sort((a, b) => b.count - a.count)
                .map((h) => ({ label: meetingHelpedLabels[h.option], count: h.count }))}
            />
          )}
        </Section>
        <Section title="Check-in: is this a good fit?" id="feedback-check-in">
          {data.checkIn.answers === 0 ? (
            <Text size="sm" c="dimmed">
              No check-in yet. Each side is asked {data.checkIn.checkInDays} days after the relationship
              starts.
            </Text>
          ) : (
            <RatingBars
              bars={[...data.checkIn.distribution].reverse().map((d) => ({
                label: `${d.rating} · ${fitLabels[d.rating]}`,
                count: d.count,
              }))}
            />
          )}
        </Section>
        <Section title="Closing survey" id="feedback-closing">
          {data.closing.answers === 0 ? (
            <Text size="sm" c="dimmed">
              No closing survey yet. Each side is asked when a relationship is completed or ends early.
            </Text>
          ) : (
            <Stack gap="md">
              <NpsBar nps={data.closing.nps} />
              <RatingBars
                bars={[...data.closing.distribution].reverse().map((d) => ({
                  label: `${d.rating} · ${overallLabels[d.rating]}`,
                  count: d.count,
                }))}
              />
            </Stack>
          )}
        </Section>
      </SimpleGrid>
      <Section title="Comments shared with staff" id="feedback-comments">
        <Text size="sm" c="dimmed" mb="sm">
          Only comments their authors chose to share, shown by role and date, never by name.
        </Text>
        {data.comments.total === 0 ? (
          <EmptyState icon={<IconMessage size={30} />} title="No shared comments yet" order={3} />
        ) : (
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {data.comments.items.map((comment) => (
              <Paper key={comment.id} component="li" bg="gray.0" p="sm" radius="sm">
                <Group gap="xs" mb={4}>
                  <Badge size="sm" variant="light" tt="none">
                    {sourceLabel[comment.source]}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    A {comment.role} · {formatDate(comment.createdAt)}
                    {comment.rating !== null ? ` · rated ${comment.rating}/5` : ''}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                  {comment.comment}
                </Text>
              </Paper>
            ))}
          </Stack>
        )}
        {data.comments.total > data.comments.pageSize && (
          <Group justify="flex-end" mt="sm">
            <LabelledPagination
              total={Math.ceil(data.comments.total / data.comments.pageSize)}
              value={commentsPage}
              onChange={setCommentsPage}
            />
          </Group>
        )}
      </Section>
    </Stack>
  );
}

function StatCards({ data }: { data: ProgramFeedback }) {
  const nps = data.closing.nps;
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md">
      <StatCard
        label="Meeting rating"
        value={mean(data.meetings.mean)}
        hint={plural(data.meetings.count, 'rating')}
      />
      <StatCard
        label="Check-in fit"
        value={mean(data.checkIn.meanFit)}
        hint={`${plural(data.checkIn.answers, 'answer')}${
          // No rate before any check-in is due: "— response rate" reads as a glitch.
          data.checkIn.responseRate === null ? '' : ` · ${percent(data.checkIn.responseRate)} response rate`
        }`}
      />
      <StatCard
        label="Closing rating"
        value={mean(data.closing.meanRating)}
        hint={plural(data.closing.answers, 'answer')}
      />
      <StatCard
        label="NPS"
        value={nps.score === null ? '—' : nps.score > 0 ? `+${nps.score}` : String(nps.score)}
        hint={`${formatNumber(nps.promoters)} promoters · ${formatNumber(nps.detractors)} detractors`}
      />
      <StatCard
        label="Needs attention"
        value={formatNumber(data.openAttention)}
        hint={data.openAttention === 0 ? 'Nothing open' : 'Low fits and rematch requests'}
      />
    </SimpleGrid>
  );
}

function NpsBar({ nps }: { nps: ProgramFeedback['closing']['nps'] }) {
  const total = nps.promoters + nps.passives + nps.detractors;
  if (total === 0) return null;
  const parts = [
    { key: 'Promoters (9–10)', count: nps.promoters, color: 'teal' },
    { key: 'Passives (7–8)', count: nps.passives, color: 'gray' },
    { key: 'Detractors (0–6)', count: nps.detractors, color: 'red' },
  ];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Would recommend the program: NPS {nps.score !== null && nps.score > 0 ? `+${nps.score}` : nps.score}
      </Text>
      <Progress.Root size={22} radius="sm" aria-hidden="true">
        {parts.map((part) =>
          part.count > 0 ? (
            <Tooltip key={part.key} label={`${part.key}: ${part.count}`}>
              <Progress.Section value={(part.count / total) * 100} color={part.color} />
            </Tooltip>
          ) : null,
        )}
      </Progress.Root>
      <Group gap="md">
        {parts.map((part) => (
          <Text key={part.key} size="xs" c="dimmed">
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: 2,
                marginRight: 4,
                background: `var(--mantine-color-${part.color}-6)`,
              }}
            />
            {part.key}: {formatNumber(part.count)} ({Math.round((part.count / total) * 100)}%)
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

function kindLabel(item: AttentionItem): { label: string; detail: string | null; color: string } {
  if (item.kind === 'rematch_request') return { label: 'Rematch request', detail: null, color: 'orange' };
  const detail = `Check-in fit ${item.rating}/5`;
  if (item.rematchRequested) return { label: 'Wants a rematch', detail, color: 'orange' };
  return { label: 'Low fit', detail, color: 'red' };
}

function AttentionSection({ program }: { program: Program }) {
  const [status, setStatus] = useState<AttentionQuery['status']>('open');
  const [page, setPage] = useState(1);
  const attention = useProgramAttention(program.id, status, page);
  const [resolving, setResolving] = useState<AttentionItem | null>(null);
  const [rematching, setRematching] = useState<AttentionItem | null>(null);
  const data = attention.data;
  return (
    <Paper withBorder component="section" aria-labelledby="feedback-attention" style={{ overflow: 'hidden' }}>
      <Group
        justify="space-between"
        p="md"
        wrap="wrap"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <div>
          <Title order={2} size="h4" id="feedback-attention">
            Needs attention
          </Title>
          <Text size="sm" c="dimmed">
            Check-ins with a fit of 1–2 or a wish to change, and rematch requests.
          </Text>
        </div>
        <SegmentedControl
          aria-label="Which items to show"
          value={status}
          onChange={(value) => {
            setStatus(value as AttentionQuery['status']);
            setPage(1);
          }}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'All' },
          ]}
          size="xs"
        />
      </Group>
      <ListState
        query={attention}
        inset
        empty={
          <Text size="sm" c="dimmed">
            {status === 'open' ? 'Nothing needs your attention right now.' : 'Nothing here.'}
          </Text>
        }
      >
        <Table.ScrollContainer minWidth={880}>
          <Table aria-labelledby="feedback-attention" aria-busy={attention.isFetching} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Pair</Table.Th>
                <Table.Th>Raised by</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Comment</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {!data ? (
                <PlaceholderRows rows={2} columns={6} height={24} />
              ) : (
                data.items.map((item) => {
                  const kind = kindLabel(item);
                  const raiser = item.raisedBy === 'mentor' ? item.mentor.name : item.mentee.name;
                  return (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {item.mentee.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          with {item.mentor.name}
                        </Text>
                        <RelationshipStatusBadge status={item.relationshipStatus} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{raiser}</Text>
                        <Text size="xs" c="dimmed">
                          the {item.raisedBy}
                        </Text>
                      </Table.Td>
                      <Table.Td miw={160}>
                        <Badge color={kind.color} variant="light" tt="none">
                          {kind.label}
                        </Badge>
                        {kind.detail && (
                          <Text size="xs" c="dimmed" mt={2}>
                            {kind.detail}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td maw={320}>
                        {item.comment ? (
                          <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                            {item.comment}
                          </Text>
                        ) : (
                          <Text size="sm" c="dimmed" fs="italic">
                            Not shared
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(item.createdAt)}</Text>
                        {item.resolvedAt && (
                          <Text size="xs" c="dimmed">
                            Resolved {formatDate(item.resolvedAt)}
                            {item.resolvedBy ? ` by ${item.resolvedBy}` : ''}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {!item.resolvedAt && (
                          <Group gap="xs" wrap="nowrap" justify="flex-end">
                            {item.relationshipStatus === 'active' && (
                              <Button
                                size="xs"
                                variant="default"
                                leftSection={<IconUserShare size={14} aria-hidden="true" />}
                                onClick={() => setRematching(item)}
                                aria-label={`End & rematch: ${item.mentee.name} and ${item.mentor.name}`}
                              >
                                End &amp; rematch
                              </Button>
                            )}
                            <Button
                              size="xs"
                              variant="light"
                              leftSection={<IconCheck size={14} aria-hidden="true" />}
                              onClick={() => setResolving(item)}
                              aria-label={`Resolve: ${kind.label.toLowerCase()} from ${raiser}`}
                            >
                              Resolve
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
      <TablePageFooter result={data} page={page} onChange={setPage} />
      {resolving && <ResolveModal item={resolving} onClose={() => setResolving(null)} />}
      {rematching && (
        <RematchFromAttention programId={program.id} item={rematching} onClose={() => setRematching(null)} />
      )}
    </Paper>
  );
}

function ResolveModal({ item, onClose }: { item: AttentionItem; onClose: () => void }) {
  const [note, setNote] = useState('');
  const resolve = useResolveAttention();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    resolve.mutate(
      { id: item.id, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: 'trellis', message: 'Marked as resolved.' });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Mark as resolved" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm">
            {item.mentee.name} and {item.mentor.name}: {kindLabel(item).label.toLowerCase()}
            {kindLabel(item).detail ? ` (${kindLabel(item).detail?.toLowerCase()})` : ''}. Resolving takes it
            off the open list; it is kept in the audit log.
          </Text>
          <Textarea
            label="What was done (optional)"
            description="Kept in the audit log, not shown to the pair"
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          <FormError error={resolve.error} />
          <FormActions onCancel={onClose} submitLabel="Resolve" pending={resolve.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Reuse the relationships tab's reassign dialog: it needs the relationship as the program's list shows it. */
function RematchFromAttention({
  programId,
  item,
  onClose,
}: {
  programId: string;
  item: AttentionItem;
  onClose: () => void;
}) {
  const relationship = useRelationship(item.relationshipId);
  const resolve = useResolveAttention();
  if (relationship.isError) {
    return (
      <Modal opened onClose={onClose} title="End & rematch" centered>
        <ErrorState error={relationship.error} onRetry={() => relationship.refetch()} />
      </Modal>
    );
  }
  if (!relationship.data) {
    return (
      <Modal opened onClose={onClose} title="End & rematch" centered>
        <LoadingState label="Loading the relationship…" />
      </Modal>
    );
  }
  const wasActive = relationship.data.status === 'active';
  return (
    <ReassignRelationshipModal
      programId={programId}
      relationship={relationship.data}
      onClose={async () => {
        // The dialog closes on cancel and on success alike: resolve the item only if the pair was ended.
        const after = await relationship.refetch();
        if (wasActive && after.data && after.data.status !== 'active')
          resolve.mutate({ id: item.id, note: 'Ended and rematched' });
        onClose();
      }}
    />
  );
}
