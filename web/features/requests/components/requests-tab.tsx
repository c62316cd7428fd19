import {
  Alert,
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconInbox, IconMessageQuestion, IconSend, IconX } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import type { DeclineRequestInput, RequestItem } from '../../../../src/contracts/requests.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime, initials } from '../../../lib/format.ts';
import { RelationshipStatusBadge } from '../../relationships/components/relationship-status-badge.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import {
  declineReasonLabel,
  type RequestAction,
  useMyRequests,
  useRequestAction,
} from '../api/requests.api.ts';
import { WhyList } from './why-list.tsx';

export function RequestsTab() {
  const incoming = useMyRequests({ direction: 'incoming', status: 'all' });
  const outgoing = useMyRequests({ direction: 'outgoing', status: 'all' });
  const { hash } = useLocation();
  const loaded = incoming.isSuccess && outgoing.isSuccess;
  // A notice links to one request (#request-<id>): once the list is there, bring that card into view and focus it.
  useEffect(() => {
    if (!loaded || !hash.startsWith('#request-')) return;
    const card = document.getElementById(hash.slice(1));
    if (!card) return;
    card.scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
  }, [loaded, hash]);
  if (incoming.isPending || outgoing.isPending) return <LoadingState label="Loading requests…" />;
  if (incoming.isError) return <ErrorState error={incoming.error} onRetry={() => incoming.refetch()} />;
  if (outgoing.isError) return <ErrorState error={outgoing.error} onRetry={() => outgoing.refetch()} />;
  const inItems = incoming.data.items;
  const outItems = outgoing.data.items;
  if (inItems.length === 0 && outItems.length === 0) {
    return (
      <EmptyState
        icon={<IconInbox size={30} />}
        title="No requests"
        description="In self-select programs, mentees ask mentors directly. Requests you send or receive appear here."
      />
    );
  }
  return (
    <Stack gap="xl">
      {inItems.length > 0 && (
        <RequestSection headingId="incoming-heading" title="Asking you to mentor them" requests={inItems} />
      )}
      {outItems.length > 0 && (
        <RequestSection headingId="outgoing-heading" title="Your requests to mentors" requests={outItems} />
      )}
    </Stack>
  );
}

/** One direction of requests, the ones still waiting for an answer first. */
function RequestSection({
  headingId,
  title,
  requests,
}: {
  headingId: string;
  title: string;
  requests: RequestItem[];
}) {
  const pendingFirst = [...requests].sort(
    (a, b) => Number(b.status === 'proposed') - Number(a.status === 'proposed'),
  );
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="sm">
        {title}
      </Title>
      <Stack gap="md" component="ul" className="plain-list">
        {pendingFirst.map((item) => (
          <li key={item.id}>
            <RequestCard request={item} />
          </li>
        ))}
      </Stack>
    </section>
  );
}

function RequestCard({ request }: { request: RequestItem }) {
  const action = useRequestAction();
  const { hash } = useLocation();
  const linkedTo = hash === `#request-${request.id}`;
  const [declining, setDeclining] = useState(false);
  const [asking, setAsking] = useState(false);
  const incoming = request.direction === 'incoming';
  const pending = request.status === 'proposed';
  const run = (input: RequestAction, message: string, after?: () => void) =>
    action.mutate(
      { id: request.id, ...input },
      {
        onSuccess: () => {
          notifications.show({ color: 'trellis', message });
          after?.();
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not done', message: errorMessage(error) }),
      },
    );
  const other = request.other;

  return (
    <Paper
      withBorder
      p="lg"
      data-testid="request-card"
      id={`request-${request.id}`}
      tabIndex={-1}
      style={linkedTo ? { borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Avatar color="trellis" radius="xl" aria-hidden="true">
              {initials(other.name)}
            </Avatar>
            <Stack gap={0}>
              <Title order={3} size="h5">
                {other.name}
              </Title>
              <Text size="xs" c="dimmed">
                {[other.title, other.department].filter(Boolean).join(' · ')} · {request.program.name}
              </Text>
            </Stack>
          </Group>
          <Group gap={6}>
            {request.score !== null && (
              <Badge variant="light" color="gray" radius="sm" tt="none">
                Match {Math.round(request.score)}
              </Badge>
            )}
            {pending ? (
              <Badge variant="light" color="orange" radius="sm">
                {incoming ? 'Waiting for you' : 'Waiting for the mentor'}
              </Badge>
            ) : (
              <RelationshipStatusBadge status={request.status} />
            )}
          </Group>
        </Group>
        {request.message && (
          <Paper bg="gray.0" p="sm" radius="md">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {request.message}
            </Text>
          </Paper>
        )}
        {request.infoRequested && (
          <Alert
            variant="light"
            color="blue"
            icon={<IconMessageQuestion aria-hidden="true" />}
            title={incoming ? 'You asked' : 'The mentor asks'}
          >
            <Stack gap="xs">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {request.infoRequested}
              </Text>
              {request.infoAnswer !== null ? (
                <div>
                  <Text size="sm" fw={600}>
                    {incoming ? `${other.name} answered` : 'Your answer'}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {request.infoAnswer}
                  </Text>
                </div>
              ) : incoming ? (
                <Text size="sm" c="dimmed">
                  Waiting for {other.name}’s answer.
                </Text>
              ) : (
                pending && (
                  <AnswerForm
                    mentorName={other.name}
                    pending={action.isPending}
                    onSubmit={(message, reset) =>
                      run(
                        { action: 'answer', body: { message } },
                        `Your answer was sent to ${other.name}.`,
                        reset,
                      )
                    }
                  />
                )
              )}
            </Stack>
          </Alert>
        )}
        {request.reason && !pending && (
          <Text size="sm" c="dimmed">
            Reason: {request.reason}
          </Text>
        )}
        {incoming && pending && request.explanation && (
          <WhyList explanation={request.explanation} limit={3} />
        )}
        <Group justify="space-between" align="center">
          <Text size="xs" c="dimmed">
            Sent {formatDateTime(request.createdAt)}
            {pending && request.expiresAt ? ` · expires ${formatDate(request.expiresAt)}` : ''}
          </Text>
          {pending && (
            <Group gap="xs">
              {incoming ? (
                <>
                  <Button
                    variant="subtle"
                    size="sm"
                    leftSection={<IconMessageQuestion size={16} aria-hidden="true" />}
                    onClick={() => setAsking(true)}
                  >
                    Ask for more information
                  </Button>
                  <Button
                    variant="default"
                    size="sm"
                    leftSection={<IconX size={16} aria-hidden="true" />}
                    onClick={() => setDeclining(true)}
                  >
                    Decline
                  </Button>
                  <Button
                    size="sm"
                    leftSection={<IconCheck size={16} aria-hidden="true" />}
                    loading={action.isPending}
                    onClick={() => run({ action: 'accept' }, `You are now ${other.name}’s mentor.`)}
                    aria-label={`Accept ${other.name}`}
                  >
                    Accept
                  </Button>
                </>
              ) : (
                <Button
                  variant="default"
                  size="sm"
                  loading={action.isPending}
                  onClick={() => run({ action: 'withdraw' }, `Your request to ${other.name} was withdrawn.`)}
                >
                  Withdraw request
                </Button>
              )}
            </Group>
          )}
        </Group>
      </Stack>
      {declining && (
        <DeclineModal
          name={other.name}
          pending={action.isPending}
          onClose={() => setDeclining(false)}
          onSubmit={(body) =>
            run({ action: 'decline', body }, `You declined ${other.name}’s request.`, () =>
              setDeclining(false),
            )
          }
        />
      )}
      {asking && (
        <AskInfoModal
          name={other.name}
          pending={action.isPending}
          onClose={() => setAsking(false)}
          onSubmit={(message) =>
            run({ action: 'ask-info', body: { message } }, `Your question was sent to ${other.name}.`, () =>
              setAsking(false),
            )
          }
        />
      )}
    </Paper>
  );
}

function DeclineModal({
  name,
  pending,
  onClose,
  onSubmit,
}: {
  name: string;
  pending: boolean;
  onClose: () => void;
  onSubmit: (body: DeclineRequestInput) => void;
}) {
  const [code, setCode] = useState<DeclineRequestInput['reasonCode']>('no_capacity');
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ reasonCode: code, reason: reason.trim() || undefined });
  };
  return (
    <Modal opened onClose={onClose} title={`Decline ${name}’s request`} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Radio.Group label="Why" value={code} onChange={(value) => setCode(value as typeof code)}>
            <Stack gap="xs" mt="xs">
              {Object.entries(declineReasonLabel).map(([value, label]) => (
                <Radio key={value} value={value} label={label} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label="A note for them"
            description="Optional; kind words help them ask someone else"
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <FormActions onCancel={onClose} submitLabel="Decline request" pending={pending} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}

/** The mentee answers the mentor's question where they read it. */
function AnswerForm({
  mentorName,
  pending,
  onSubmit,
}: {
  mentorName: string;
  pending: boolean;
  onSubmit: (message: string, reset: () => void) => void;
}) {
  const [message, setMessage] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (message.trim()) onSubmit(message.trim(), () => setMessage(''));
      }}
      noValidate
    >
      <Stack gap="xs">
        <Textarea
          label="Your answer"
          description={`${mentorName} reads it before deciding on your request`}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            size="sm"
            loading={pending}
            disabled={!message.trim()}
            leftSection={<IconSend size={16} aria-hidden="true" />}
          >
            Send answer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AskInfoModal({
  name,
  pending,
  onClose,
  onSubmit,
}: {
  name: string;
  pending: boolean;
  onClose: () => void;
  onSubmit: (message: string) => void;
}) {
  const [message, setMessage] = useState('');
  return (
    <Modal opened onClose={onClose} title={`Ask ${name} for more information`} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(message.trim());
        }}
        noValidate
      >
        <Stack>
          <Textarea
            label="Your question"
            required
            autosize
            minRows={3}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
            data-autofocus
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Send question"
            pending={pending}
            disabled={!message.trim()}
            leftSection={<IconSend size={16} aria-hidden="true" />}
          />
        </Stack>
      </form>
    </Modal>
  );
}
