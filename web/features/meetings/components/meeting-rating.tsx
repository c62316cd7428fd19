import {
  Button,
  Chip,
  Fieldset,
  Group,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconStar, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import type { Meeting, MeetingHelped } from '../../../../src/contracts/meetings.contracts.ts';
import {
  meetingHelpedLabels,
  meetingHelpedOptions,
} from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { useMeetingAction } from '../api/meetings.api.ts';

const ratingWords = ['', 'Not useful', 'A little useful', 'Useful', 'Very useful', 'Extremely useful'];

function Stars({ value, size = 16 }: { value: number; size?: number }) {
  return (
    <Group gap={1} component="span" aria-hidden="true" wrap="nowrap">
      {[1, 2, 3, 4, 5].map((n) =>
        n <= value ? (
          <IconStarFilled key={n} size={size} color="var(--mantine-color-yellow-6)" />
        ) : (
          <IconStar key={n} size={size} color="var(--mantine-color-gray-5)" />
        ),
      )}
    </Group>
  );
}

/**
 * "Rate this meeting" once it is held: 1–5 stars (a labelled radio group), what helped, an optional comment and
 * whether program staff may read it. The partner never sees any of it.
 */
export function MeetingRating({
  meeting,
  relationshipId,
  others = 'partner',
}: {
  meeting: Pick<Meeting, 'id' | 'myFeedback' | 'partnerHasRated'>;
  relationshipId: string;
  /** Who never sees the rating: the partner, or the rest of a group (a group meeting, rated on one's own row). */
  others?: 'partner' | 'group';
}) {
  const action = useMeetingAction(relationshipId);
  const [rating, setRating] = useState<string>('');
  const [helped, setHelped] = useState<MeetingHelped[]>([]);
  const [comment, setComment] = useState('');
  const [shareComment, setShareComment] = useState(false);
  const errors = action.error instanceof ApiError ? action.error.fieldErrors : {};
  const headingId = `rate-${meeting.id}`;

  if (meeting.myFeedback) {
    const mine = meeting.myFeedback;
    return (
      <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-gray-0)">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Your rating:
          </Text>
          <Stars value={mine.rating} />
          <Text size="sm">
            {mine.rating} of 5 · {ratingWords[mine.rating]}
          </Text>
        </Group>
        {mine.helped.length > 0 && (
          <Text size="sm" c="dimmed" mt={4}>
            What helped: {mine.helped.map((h) => meetingHelpedLabels[h]).join(', ')}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          Thank you. Ratings go to the program, combined with others;{' '}
          {others === 'group' ? 'nobody in the group sees yours.' : 'your partner never sees yours.'}
          {meeting.partnerHasRated ? ' Your partner has rated this meeting too.' : ''}
        </Text>
      </Paper>
    );
  }

  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="form"
      aria-labelledby={headingId}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!rating) return;
        action.mutate(
          {
            kind: 'rate',
            meetingId: meeting.id,
            input: { rating: Number(rating), helped, comment, shareComment },
          },
          {
            onSuccess: () =>
              notifications.show({ color: 'trellis', message: 'Thanks for rating this meeting.' }),
            onError: (error) => {
              if (!(error instanceof ApiError && error.issues.length > 0)) {
                notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
              }
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <div>
          <Title order={4} size="h6" id={headingId}>
            Rate this meeting
          </Title>
          <Text size="xs" c="dimmed">
            Your answer goes to the program, combined with others.{' '}
            {others === 'group' ? 'Nobody in the group sees it.' : 'Your partner never sees it.'}
          </Text>
        </div>
        <Radio.Group
          label="How useful was it?"
          required
          value={rating}
          onChange={setRating}
          error={errors.rating}
        >
          <Stack gap={6} mt={6}>
            {[1, 2, 3, 4, 5].map((n) => (
              <Radio
                key={n}
                value={String(n)}
                label={
                  <Group gap={6} component="span" wrap="nowrap">
                    <Stars value={n} size={14} />
                    <span>
                      {n} — {ratingWords[n]}
                    </span>
                  </Group>
                }
              />
            ))}
          </Stack>
        </Radio.Group>
        <Fieldset legend="What helped? (optional)" variant="unstyled">
          <Chip.Group multiple value={helped} onChange={(values) => setHelped(values as MeetingHelped[])}>
            <Group gap={6}>
              {meetingHelpedOptions.map((option) => (
                <Chip key={option} value={option} size="sm" variant="outline">
                  {meetingHelpedLabels[option]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Fieldset>
        <Textarea
          label="Comment (optional)"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          error={errors.comment}
        />
        <Switch
          label="Let program staff read my comment"
          description="Otherwise only your stars and chips are counted."
          checked={shareComment}
          onChange={(event) => setShareComment(event.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button type="submit" size="sm" disabled={!rating} loading={action.isPending}>
            Send rating
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
