import './messages.css';
import { Alert, Group, Paper, SegmentedControl, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBell, IconClock, IconMail, IconMailOff, IconShieldLock } from '@tabler/icons-react';
import type {
  DigestFrequencyName,
  MessageChannelName,
  MessagePreferences,
} from '../../../../src/contracts/messages.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useMessagePreferences, useUpdateMessagePreferences } from '../api/messages.api.ts';
import { channelLabel, digestLabel } from './message-labels.ts';

const channels: MessageChannelName[] = ['email', 'in_app', 'off'];
const digests: DigestFrequencyName[] = ['off', 'daily', 'weekly'];

/** What each choice means, said once above the list rather than in every row. */
const channelMeaning: Record<MessageChannelName, string> = {
  email: 'in Trellis and by email',
  in_app: 'only under the bell in Trellis',
  off: 'not at all',
};

/** Said in the toast after a change, e.g. "Meetings: by email". */
const channelOutcome: Record<MessageChannelName, string> = {
  email: 'by email and in Trellis',
  in_app: 'in Trellis only, no email',
  off: 'not shown any more',
};

const digestOutcome: Record<DigestFrequencyName, string> = {
  off: 'Emails arrive one by one, as things happen.',
  daily: 'Emails that can wait now arrive together, once a day.',
  weekly: 'Emails that can wait now arrive together, once a week.',
};

/** "Email and notifications": every signed-in person chooses, per kind of message, email, the app or nothing. */
export function MessagePreferencesPage() {
  const preferences = useMessagePreferences();
  return (
    <>
      <PageBreadcrumbs links={[{ to: '/account', label: 'My account' }]} current="Email and notifications" />
      <PageHeader
        title="Email and notifications"
        description="Choose how Trellis tells you about each kind of message. Every change is saved as you make it."
      />
      {preferences.isPending ? (
        <LoadingState label="Loading your email settings…" />
      ) : preferences.isError ? (
        <ErrorState
          error={preferences.error}
          title="Your email settings could not be loaded"
          onRetry={() => preferences.refetch()}
        />
      ) : preferences.data.applies ? (
        <PreferencesForm preferences={preferences.data} />
      ) : (
        <Stack gap="lg" maw={760}>
          <Alert
            variant="light"
            color="blue"
            title="This account gets security email only"
            icon={<IconShieldLock aria-hidden="true" />}
          >
            It is not linked to a person in the directory, so it takes no part in mentoring and there is
            nothing to choose here. Trellis sends it only invitations, password resets and sign-in messages.
          </Alert>
        </Stack>
      )}
    </>
  );
}

function PreferencesForm({ preferences }: { preferences: MessagePreferences }) {
  const update = useUpdateMessagePreferences();

  const onError = (error: unknown) =>
    notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });

  const setChannel = (category: MessagePreferences['categories'][number], channel: MessageChannelName) =>
    update.mutate(
      { channels: { [category.category]: channel } },
      {
        onSuccess: () =>
          notifications.show({
            color: 'trellis',
            title: 'Saved',
            message: `${category.label}: ${channelOutcome[channel]}.`,
          }),
        onError,
      },
    );

  const setDigest = (digest: DigestFrequencyName) =>
    update.mutate(
      { digest },
      {
        onSuccess: () =>
          notifications.show({ color: 'trellis', title: 'Saved', message: digestOutcome[digest] }),
        onError,
      },
    );

  return (
    <Stack gap="lg" maw={880}>
      <Paper
        withBorder
        component="section"
        aria-labelledby="categories-heading"
        style={{ overflow: 'hidden' }}
      >
        <Stack gap={6} p="lg" pb="md" className="messages-section-head">
          <Title order={2} size="h4" id="categories-heading">
            What you hear about
          </Title>
          <Group gap="lg" component="ul" className="messages-legend">
            <LegendItem icon={<IconMail size={16} />} channel="email" />
            <LegendItem icon={<IconBell size={16} />} channel="in_app" />
            <LegendItem icon={<IconMailOff size={16} />} channel="off" />
          </Group>
        </Stack>
        <ul className="messages-rows">
          {preferences.categories.map((item) => {
            const labelId = `category-${item.category}`;
            return (
              <li key={item.category} className="messages-row">
                <Stack gap={2} className="messages-row-text">
                  <Text fw={600} size="sm" id={labelId}>
                    {item.label}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {item.description}
                  </Text>
                  {item.channel !== item.defaultChannel && (
                    <Text size="xs" c="dimmed">
                      You changed this. Default: {channelLabel[item.defaultChannel].toLowerCase()}
                    </Text>
                  )}
                </Stack>
                <SegmentedControl
                  aria-labelledby={labelId}
                  size="sm"
                  value={item.channel}
                  onChange={(value) => setChannel(item, value as MessageChannelName)}
                  data={channels.map((channel) => ({ value: channel, label: channelLabel[channel] }))}
                  color={item.channel === 'off' ? 'gray' : 'trellis'}
                  className="messages-choice"
                />
              </li>
            );
          })}
        </ul>
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="digest-heading">
        <Group justify="space-between" align="flex-start" gap="lg" wrap="wrap">
          <Stack gap={4} style={{ flex: '1 1 380px' }}>
            <Title order={2} size="h4" id="digest-heading">
              Digest
            </Title>
            <Text size="sm" c="dimmed">
              Non-urgent emails are bundled into one and sent in the morning, once a day or once a week, and
              only when something is waiting. A request waiting for your answer, an agreement to sign, and a
              meeting invitation, change or reminder still arrive at once.
            </Text>
          </Stack>
          <SegmentedControl
            aria-labelledby="digest-heading"
            value={preferences.digest}
            onChange={(value) => setDigest(value as DigestFrequencyName)}
            data={digests.map((digest) => ({ value: digest, label: digestLabel[digest] }))}
            color={preferences.digest === 'off' ? 'gray' : 'trellis'}
            className="messages-choice"
          />
        </Group>
      </Paper>

      <Paper withBorder p="lg" component="section" aria-label="Good to know" bg="gray.0">
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" radius="xl" size={32} aria-hidden="true">
              <IconShieldLock size={18} />
            </ThemeIcon>
            <Text size="sm">
              <strong>Security emails always arrive.</strong> Invitations, password resets and sign-in
              messages are sent whatever you choose here.
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" radius="xl" size={32} aria-hidden="true">
              <IconClock size={18} />
            </ThemeIcon>
            <Text size="sm">
              <strong>No email at night.</strong> Trellis sends between 08:00 and 20:00 in your time zone;
              anything later waits for the morning.
            </Text>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

function LegendItem({ icon, channel }: { icon: React.ReactNode; channel: MessageChannelName }) {
  return (
    <Group gap={6} component="li" wrap="nowrap">
      <span aria-hidden="true" className="messages-legend-icon">
        {icon}
      </span>
      <Text size="sm" c="dimmed">
        <Text span fw={600} c="dark.6" size="sm">
          {channelLabel[channel]}
        </Text>{' '}
        — {channelMeaning[channel]}
      </Text>
    </Group>
  );
}
