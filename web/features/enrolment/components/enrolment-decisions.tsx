import { Alert, Button, Group, List, Modal, Paper, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconClock, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type {
  EnrolmentDecisionAction,
  EnrolmentDecisionsInput,
  EnrolmentDecisionsResult,
} from '../../../../src/contracts/enrolments.contracts.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { describeTally } from '../../../lib/notice-tally.ts';
import { ErrorState, FormError } from '../../shell/components/states.tsx';
import { useDecideEnrolments } from '../api/enrolment.api.ts';

/** What a decision is about: the rows picked, or every enrolment matching the list's filter (as many as shown). */
export type DecisionTarget =
  | { kind: 'picked'; enrolmentIds: string[] }
  | { kind: 'filter'; filter: NonNullable<EnrolmentDecisionsInput['filter']>; count: number };

const actionLabel: Record<EnrolmentDecisionAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  waitlist: 'Waitlist',
};
const actionVerb: Record<EnrolmentDecisionAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  waitlist: 'put on the waitlist',
};

const enrolments = (count: number) => plural(count, 'enrolment');
const countOf = (target: DecisionTarget) =>
  target.kind === 'picked' ? target.enrolmentIds.length : target.count;

/** The bar above the table while rows are picked: how many, the three decisions, and a way to clear. */
export function DecisionBar({
  target,
  filtered,
  onDecide,
  onClear,
}: {
  target: DecisionTarget;
  /** Whether the list is filtered (else "all" is every enrolment of the program). */
  filtered: boolean;
  onDecide: (action: EnrolmentDecisionAction) => void;
  onClear: () => void;
}) {
  const count = countOf(target);
  return (
    <Group
      justify="space-between"
      px="md"
      py="xs"
      bg="trellis.0"
      role="region"
      aria-label="Decide on the selected enrolments"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Text size="sm" fw={600} role="status" aria-live="polite">
        {target.kind === 'filter'
          ? `All ${enrolments(count)}${filtered ? ' matching the filter' : ' of the program'} are selected`
          : `${enrolments(count)} selected`}
      </Text>
      <Group gap="xs">
        <Button
          size="compact-sm"
          leftSection={<IconCheck size={14} aria-hidden="true" />}
          onClick={() => onDecide('approve')}
        >
          Approve
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconClock size={14} aria-hidden="true" />}
          onClick={() => onDecide('waitlist')}
        >
          Waitlist
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          c="red.9"
          leftSection={<IconX size={14} aria-hidden="true" />}
          onClick={() => onDecide('reject')}
        >
          Reject
        </Button>
        <Button size="compact-sm" variant="subtle" color="gray" onClick={onClear}>
          Clear selection
        </Button>
      </Group>
    </Group>
  );
}

/**
 * Confirm a decision on many enrolments: the server first works out what would happen (a dry run: how many are
 * approved or wait, who cannot be decided and why, how people would be told), then the person confirms.
 */
export function DecisionModal({
  programId,
  action,
  target,
  onClose,
  onDone,
}: {
  programId: string;
  action: EnrolmentDecisionAction;
  target: DecisionTarget;
  onClose: () => void;
  onDone: () => void;
}) {
  const check = useDecideEnrolments(programId);
  const decide = useDecideEnrolments(programId);
  const [reason, setReason] = useState('');
  const input: EnrolmentDecisionsInput =
    target.kind === 'picked'
      ? { action, enrolmentIds: target.enrolmentIds }
      : { action, filter: target.filter, expectedCount: target.count };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the check runs once, for what the dialog opened on
  useEffect(() => {
    check.mutate({ ...input, dryRun: true });
  }, []);

  const preview = check.data;
  const onConfirm = () =>
    decide.mutate(
      {
        ...input,
        leaveOutRefused: (preview?.refusedCount ?? 0) > 0,
        ...(action === 'reject' && reason.trim() ? { reason: reason.trim() } : {}),
      },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'trellis',
            title: `${enrolments(result.changed)} ${actionVerb[action]}`,
            message: [
              result.action === 'approve' && (result.waitlisted || result.promoted)
                ? outcomeSentence(result, false)
                : '',
              describeTally(result.told),
            ]
              .filter(Boolean)
              .join(' '),
            autoClose: 12_000,
          });
          onDone();
        },
      },
    );

  const count = countOf(target);
  return (
    <Modal
      opened
      onClose={() => !decide.isPending && onClose()}
      title={
        preview && preview.changed > 0
          ? `${actionLabel[action]} ${enrolments(preview.changed)}?`
          : `${actionLabel[action]} ${enrolments(count)}?`
      }
      centered
      size="lg"
    >
      <Stack gap="md">
        {check.isPending || check.isIdle ? (
          <Stack gap="xs" role="status" aria-live="polite" aria-label="Checking the selected enrolments">
            <Text size="sm" c="dimmed">
              Checking the {enrolments(count)}…
            </Text>
            <Skeleton height={14} />
            <Skeleton height={14} width="70%" />
          </Stack>
        ) : check.isError ? (
          <ErrorState
            error={check.error}
            title="These enrolments could not be checked"
            onRetry={() => check.mutate({ ...input, dryRun: true })}
          />
        ) : preview ? (
          <Summary action={action} preview={preview} />
        ) : null}
        {action === 'reject' && preview && preview.changed > 0 && (
          <Textarea
            label="Reason (optional)"
            description="Told to each person with the news"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
          />
        )}
        <FormError error={decide.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={decide.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            color={action === 'reject' ? 'red' : undefined}
            onClick={onConfirm}
            loading={decide.isPending}
            disabled={!preview || preview.changed === 0}
          >
            {preview && preview.changed > 0
              ? `${actionLabel[action]} ${enrolments(preview.changed)}`
              : actionLabel[action]}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** What the decision does, in a sentence: for approvals, who gets a place and who waits. */
function outcomeSentence(result: EnrolmentDecisionsResult, future: boolean): string {
  const count = enrolments(result.changed);
  if (result.action !== 'approve' || result.waitlisted === 0) {
    const done = `${count} ${future ? 'will be' : 'were'} ${actionVerb[result.action]}.`;
    return `${result.changed === 1 ? done.replace(' were ', ' was ') : done}${promotedSentence(result, future)}`;
  }
  return `${formatNumber(result.approved)} ${future ? 'will be approved' : 'approved'}; ${formatNumber(
    result.waitlisted,
  )} ${future ? 'will wait' : 'wait'} on the waitlist, as no mentor place is left.${promotedSentence(result, future)}`;
}

function promotedSentence(result: EnrolmentDecisionsResult, future: boolean): string {
  if (!result.promoted) return '';
  return ` ${plural(result.promoted, 'mentee')} already on the waitlist ${future ? 'get' : 'got'} a place with the new mentors.`;
}

/** Up to this many people left out are named; beyond, the reasons are counted. */
const shownNames = 8;

function Summary({
  action,
  preview,
}: {
  action: EnrolmentDecisionAction;
  preview: EnrolmentDecisionsResult;
}) {
  const outcome = outcomeSentence(preview, true);
  return (
    <Stack gap="sm" data-testid="decision-summary">
      {preview.changed === 0 ? (
        <Alert color="orange" variant="light" title={`None of these can be ${actionVerb[action]}`}>
          Nothing would change.
        </Alert>
      ) : (
        <Text size="sm">{outcome}</Text>
      )}
      {preview.changed > 0 && (
        <Text size="sm" c="dimmed">
          {describeTally(preview.told, true)}
        </Text>
      )}
      {preview.refusedCount > 0 && (
        <Paper withBorder p="sm" bg="gray.0">
          <Text size="sm" fw={600}>
            {`${formatNumber(preview.refusedCount)} of the ${enrolments(preview.matched)} cannot be ${actionVerb[action]} and ${
              preview.refusedCount === 1 ? 'is' : 'are'
            } left out${preview.refusedCount > shownNames ? `: ${preview.refusedSummary}.` : ':'}`}
          </Text>
          {preview.refusedCount <= shownNames && (
            <List size="sm" spacing={2} mt={4}>
              {preview.refused.map((row) => (
                <List.Item key={row.enrolmentId}>
                  {row.name} {row.message}
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
      )}
    </Stack>
  );
}
