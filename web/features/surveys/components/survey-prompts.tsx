import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconClipboardHeart, IconMessageReport, IconUsers } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { MySurveys } from '../../../../src/contracts/surveys.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { fitLabels, overallLabels, useAnswerSurvey, useMySurveys } from '../api/surveys.api.ts';

const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

type Confirmation = { title: string; body: string } | null;

/**
 * The surveys of the pair, at the top of the workspace overview: the check-in when it is open, the closing survey
 * once the relationship is over, a quiet way to ask staff for a rematch while it is active, and a thank-you after
 * answering. The partner never sees an answer, only whether one came in.
 */
export function SurveyPrompts({ workspace }: { workspace: WorkspaceContext }) {
  const surveys = useMySurveys(workspace.relationshipId);
  const [confirmation, setConfirmation] = useState<Confirmation>(null);
  const [askingRematch, setAskingRematch] = useState(false);
  if (surveys.isPending) return null;
  if (surveys.isError) {
    return (
      <Alert color="gray" variant="light" title="Surveys could not be loaded">
        <Group gap="sm">
          <Text size="sm">{errorMessage(surveys.error)}</Text>
          <Button size="xs" variant="white" onClick={() => surveys.refetch()}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  }
  const data = surveys.data;
  const firstName = workspace.partner.name.split(' ')[0] ?? workspace.partner.name;
  const rematch = data.rematchRequest;
  const checkInWish = data.checkIn.myAnswer?.rematchRequested ?? false;
  const showRematchStatus = !workspace.readOnly && Boolean(rematch || checkInWish);
  const offerRematch = data.canRequestRematch && !checkInWish;
  if (!confirmation && !data.checkIn.open && !data.closing.open && !showRematchStatus && !offerRematch) {
    return null;
  }

  return (
    <Stack gap="sm">
      {confirmation && (
        <Alert
          color="trellis"
          variant="light"
          icon={<IconCircleCheck aria-hidden="true" />}
          title={confirmation.title}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setConfirmation(null)}
          role="status"
        >
          {confirmation.body}
        </Alert>
      )}
      {data.checkIn.open && (
        <CheckInCard
          workspace={workspace}
          surveys={data}
          onAnswered={setConfirmation}
          firstName={firstName}
        />
      )}
      {data.closing.open && (
        <ClosingCard
          workspace={workspace}
          skills={data.skills}
          onAnswered={setConfirmation}
          firstName={firstName}
        />
      )}
      {showRematchStatus && (
        <Text size="sm" c="dimmed">
          {rematch
            ? `You asked program staff for a rematch on ${formatDate(rematch.createdAt)}.`
            : 'You asked for a rematch in your check-in.'}{' '}
          {(rematch?.resolvedAt ?? data.checkIn.myAnswer?.resolvedAt)
            ? 'Program staff have dealt with it.'
            : 'Program staff will get in touch with you.'}
        </Text>
      )}
      {offerRematch && (
        <Group justify="flex-end">
          <Button
            variant="subtle"
            color="gray"
            size="xs"
            leftSection={<IconMessageReport size={14} aria-hidden="true" />}
            onClick={() => setAskingRematch(true)}
          >
            Ask for a rematch
          </Button>
        </Group>
      )}
      {askingRematch && (
        <RematchModal
          workspace={workspace}
          onClose={() => setAskingRematch(false)}
          onAnswered={setConfirmation}
        />
      )}
    </Stack>
  );
}

function SurveyCard({
  title,
  intro,
  children,
  onSubmit,
  headingId,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
  onSubmit: (event: FormEvent) => void;
  headingId: string;
}) {
  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={headingId}
      style={{ borderColor: 'var(--mantine-color-trellis-3)', background: 'var(--mantine-color-trellis-0)' }}
    >
      <Group gap="sm" align="flex-start" wrap="nowrap" mb="md">
        <ThemeIcon size={36} radius="xl" variant="light" aria-hidden="true">
          <IconClipboardHeart size={20} />
        </ThemeIcon>
        <div>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        </div>
      </Group>
      <Stack gap="md">{children}</Stack>
    </Paper>
  );
}

function RatingField({
  label,
  labels,
  value,
  onChange,
  error,
}: {
  label: string;
  labels: string[];
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <Radio.Group label={label} value={value} onChange={onChange} error={error} withAsterisk>
      <Group gap="md" mt={6}>
        {[1, 2, 3, 4, 5].map((n) => (
          <Radio key={n} value={String(n)} label={`${n} · ${labels[n]}`} />
        ))}
      </Group>
    </Radio.Group>
  );
}

const skillLabels = ['', 'Just starting', 'Some experience', 'Confident', 'Strong', 'Could teach it'];

/** Self-ratings 1–5 of the program's skills (optional, one group per skill); answers as `{ [skill]: rating }`. */
function SkillRatings({
  skills,
  values,
  onChange,
  moment,
}: {
  skills: string[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  moment: string;
}) {
  if (skills.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        How would you rate yourself {moment} on these skills? (optional)
      </Text>
      <Text size="xs" c="dimmed">
        1 = just starting, 5 = you could teach it. The program sees these only combined with others, to learn
        how skills change during mentoring.
      </Text>
      {skills.map((skill) => (
        <Radio.Group
          key={skill}
          label={skill}
          value={values[skill] ?? ''}
          onChange={(value) => onChange({ ...values, [skill]: value })}
        >
          <Group gap="md" mt={4}>
            {[1, 2, 3, 4, 5].map((n) => (
              <Radio
                key={n}
                value={String(n)}
                label={`${n} · ${skillLabels[n]}`}
                aria-label={`${skill}: ${n}, ${skillLabels[n]}`}
              />
            ))}
          </Group>
        </Radio.Group>
      ))}
    </Stack>
  );
}

const skillInput = (values: Record<string, string>) => {
  const entries = Object.entries(values).filter(([, v]) => v !== '');
  return entries.length ? { skills: Object.fromEntries(entries.map(([k, v]) => [k, Number(v)])) } : {};
};

function CommentFields({
  comment,
  setComment,
  share,
  setShare,
  error,
  firstName,
}: {
  comment: string;
  setComment: (value: string) => void;
  share: boolean;
  setShare: (value: boolean) => void;
  error?: string | undefined;
  firstName: string;
}) {
  return (
    <>
      <Textarea
        label="Anything you would like to add? (optional)"
        value={comment}
        onChange={(event) => setComment(event.currentTarget.value)}
        error={error}
        autosize
        minRows={2}
        maxRows={8}
      />
      <Switch
        checked={share}
        onChange={(event) => setShare(event.currentTarget.checked)}
        label="Let program staff read my comment"
        description={`Staff see it without your name. ${firstName} never sees your answers.`}
      />
    </>
  );
}

function CheckInCard({
  workspace,
  surveys,
  onAnswered,
  firstName,
}: {
  workspace: WorkspaceContext;
  surveys: MySurveys;
  onAnswered: (confirmation: Confirmation) => void;
  firstName: string;
}) {
  const answer = useAnswerSurvey(workspace.relationshipId);
  const [rating, setRating] = useState('');
  const [comment, setComment] = useState('');
  const [share, setShare] = useState(false);
  const [rematch, setRematch] = useState(false);
  const [skillValues, setSkillValues] = useState<Record<string, string>>({});
  const errors = answer.error instanceof ApiError ? answer.error.fieldErrors : {};
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!rating) return;
    const fit = Number(rating);
    answer.mutate(
      {
        kind: 'check-in',
        input: {
          rating: fit,
          comment: comment.trim(),
          shareComment: share,
          rematchRequested: rematch,
          ...skillInput(skillValues),
        },
      },
      {
        onSuccess: () =>
          onAnswered({
            title: 'Thank you for your check-in',
            body:
              rematch || fit <= 2
                ? 'Program staff will get in touch with you to see what would help.'
                : `Your answer goes to the program, combined with others. ${firstName} does not see it.`,
          }),
      },
    );
  };
  return (
    <SurveyCard
      title={`How is it going with ${firstName}?`}
      intro={`A quick check-in after your first ${surveys.checkIn.checkInDays} days. ${firstName} does not see your answers.`}
      onSubmit={onSubmit}
      headingId="check-in-heading"
    >
      <RatingField
        label="Is this a good fit for you?"
        labels={fitLabels}
        value={rating}
        onChange={setRating}
        error={errors.rating}
      />
      <SkillRatings skills={surveys.skills} values={skillValues} onChange={setSkillValues} moment="today" />
      <CommentFields
        comment={comment}
        setComment={setComment}
        share={share}
        setShare={setShare}
        error={errors.comment}
        firstName={firstName}
      />
      <Checkbox
        checked={rematch}
        onChange={(event) => setRematch(event.currentTarget.checked)}
        label="I would like to be matched with someone else"
        description="Program staff will get in touch; nothing changes until they do."
      />
      {answer.isError && Object.keys(errors).length === 0 && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(answer.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" loading={answer.isPending} disabled={!rating}>
          Send check-in
        </Button>
      </Group>
    </SurveyCard>
  );
}

function ClosingCard({
  workspace,
  skills,
  onAnswered,
  firstName,
}: {
  workspace: WorkspaceContext;
  skills: string[];
  onAnswered: (confirmation: Confirmation) => void;
  firstName: string;
}) {
  const answer = useAnswerSurvey(workspace.relationshipId);
  const [rating, setRating] = useState('');
  const [nps, setNps] = useState('');
  const [comment, setComment] = useState('');
  const [share, setShare] = useState(false);
  const [skillValues, setSkillValues] = useState<Record<string, string>>({});
  const errors = answer.error instanceof ApiError ? answer.error.fieldErrors : {};
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!rating || nps === '') return;
    answer.mutate(
      {
        kind: 'closing',
        input: {
          rating: Number(rating),
          nps: Number(nps),
          comment: comment.trim(),
          shareComment: share,
          ...skillInput(skillValues),
        },
      },
      {
        onSuccess: () =>
          onAnswered({
            title: 'Thank you for your feedback',
            body: 'It helps the program’s organisers make the next round better.',
          }),
      },
    );
  };
  return (
    <SurveyCard
      title={`Your mentoring with ${firstName} has ended: how was it?`}
      intro={`Two questions for the program. ${firstName} does not see your answers.`}
      onSubmit={onSubmit}
      headingId="closing-heading"
    >
      <RatingField
        label="Overall, how was the mentoring relationship?"
        labels={overallLabels}
        value={rating}
        onChange={setRating}
        error={errors.rating}
      />
      <Radio.Group
        label="How likely are you to recommend this program to a colleague?"
        description="0 = not at all likely, 10 = extremely likely"
        value={nps}
        onChange={setNps}
        error={errors.nps}
        withAsterisk
      >
        <Group gap="sm" mt={6}>
          {NPS_SCORES.map((n) => (
            <Radio key={n} value={String(n)} label={String(n)} aria-label={`${n} out of 10`} />
          ))}
        </Group>
      </Radio.Group>
      <SkillRatings skills={skills} values={skillValues} onChange={setSkillValues} moment="now, at the end" />
      <CommentFields
        comment={comment}
        setComment={setComment}
        share={share}
        setShare={setShare}
        error={errors.comment}
        firstName={firstName}
      />
      {answer.isError && Object.keys(errors).length === 0 && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(answer.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" loading={answer.isPending} disabled={!rating || nps === ''}>
          Send feedback
        </Button>
      </Group>
    </SurveyCard>
  );
}

function RematchModal({
  workspace,
  onClose,
  onAnswered,
}: {
  workspace: WorkspaceContext;
  onClose: () => void;
  onAnswered: (confirmation: Confirmation) => void;
}) {
  const answer = useAnswerSurvey(workspace.relationshipId);
  const [reason, setReason] = useState('');
  const errors = answer.error instanceof ApiError ? answer.error.fieldErrors : {};
  const firstName = workspace.partner.name.split(' ')[0] ?? workspace.partner.name;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    answer.mutate(
      { kind: 'rematch', input: { reason: reason.trim() } },
      {
        onSuccess: () => {
          notifications.show({ color: 'trellis', message: 'Your request went to program staff.' });
          onAnswered({
            title: 'Your request went to program staff',
            body: `They will get in touch with you. ${firstName} is not told.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Ask for a rematch" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconUsers size={18} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm">
              If this pairing is not working, program staff can match you with someone else. Only they read
              your reason; {firstName} is not told.
            </Text>
          </Group>
          <Textarea
            label="What is not working?"
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
            autosize
            minRows={3}
            data-autofocus
          />
          {answer.isError && !errors.reason && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(answer.error)}
            </Alert>
          )}
          <FormActions
            onCancel={onClose}
            submitLabel="Send to program staff"
            pending={answer.isPending}
            disabled={!reason.trim()}
          />
        </Stack>
      </form>
    </Modal>
  );
}
