import { Alert, Anchor, Button, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconLinkOff, IconMailOff } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { UnsubscribeResult } from '../../../../src/contracts/messages.contracts.ts';
import { ApiError } from '../../../lib/api.ts';
import { useMe } from '../../session/api/session.api.ts';
import { AuthLayout } from '../../session/components/auth-layout.tsx';
import { ErrorState, FormError, LoadingState } from '../../shell/components/states.tsx';
import { useUnsubscribe, useUnsubscribeLink } from '../api/messages.api.ts';

const preferencesPath = '/account/notifications';

/** "Matches and relationships" → "matches and relationships", to sit inside a sentence. */
function inSentence(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * The page an email's "Stop emails about …" link opens, without signing in: it says what would stop and does it on
 * a click (mail providers' one-click POST skips this page). A link that does not verify gets one neutral answer that
 * says nothing about whose it was.
 */
export function UnsubscribePage() {
  const { token = '' } = useParams();
  const link = useUnsubscribeLink(token);
  const unsubscribe = useUnsubscribe(token);

  if (link.isPending) {
    return (
      <AuthLayout title="Unsubscribe" documentTitle="Unsubscribe">
        <LoadingState label="Checking your link…" />
      </AuthLayout>
    );
  }
  if (link.isError) {
    const refused = link.error instanceof ApiError && link.error.status >= 400 && link.error.status < 500;
    if (!refused) {
      return (
        <AuthLayout title="Unsubscribe" documentTitle="Unsubscribe">
          <ErrorState error={link.error} onRetry={() => link.refetch()} />
        </AuthLayout>
      );
    }
    return <InvalidLink />;
  }
  if (unsubscribe.isSuccess) return <Unsubscribed result={unsubscribe.data} />;
  if (
    unsubscribe.error instanceof ApiError &&
    unsubscribe.error.status >= 400 &&
    unsubscribe.error.status < 500
  )
    return <InvalidLink />;

  const topic = inSentence(link.data.label);
  // Already no email for this kind (an earlier click, or a choice made in the settings): nothing left to stop.
  if (link.data.channel !== 'email') return <Unsubscribed result={link.data} already />;

  return (
    <AuthLayout
      title={`Stop emails about ${topic}?`}
      subtitle="You will still see these messages in Trellis, under the bell."
    >
      <Stack gap="md">
        <FormError error={unsubscribe.error} />
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" radius="xl" size={36} aria-hidden="true">
            <IconMailOff size={20} />
          </ThemeIcon>
          <Text size="sm">
            Trellis will stop emailing you about <strong>{topic}</strong>. Other emails, and security emails
            such as password resets, keep arriving.
          </Text>
        </Group>
        <Button size="md" onClick={() => unsubscribe.mutate()} loading={unsubscribe.isPending}>
          Stop these emails
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          Prefer to choose kind by kind?{' '}
          <Anchor component={Link} to={preferencesPath} size="sm">
            Open your email settings
          </Anchor>
        </Text>
      </Stack>
    </AuthLayout>
  );
}

function Unsubscribed({ result, already = false }: { result: UnsubscribeResult; already?: boolean }) {
  const me = useMe();
  const topic = inSentence(result.label);
  const signedIn = Boolean(me.data);
  return (
    <AuthLayout
      title={already ? 'You already get no email about this' : 'You are unsubscribed'}
      documentTitle="Unsubscribed"
    >
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" radius="xl" size={36} aria-hidden="true">
            <IconCircleCheck size={20} />
          </ThemeIcon>
          <Text size="sm" role="status">
            You will no longer get emails about <strong>{topic}</strong>.{' '}
            {result.channel === 'off'
              ? 'They are turned off in Trellis too.'
              : 'You still see them in Trellis.'}
          </Text>
        </Group>
        <Button component={Link} to={preferencesPath} variant={signedIn ? 'filled' : 'default'}>
          {signedIn ? 'Review your email settings' : 'Sign in to open your email settings'}
        </Button>
      </Stack>
    </AuthLayout>
  );
}

function InvalidLink() {
  return (
    <AuthLayout title="This link is not valid any more" documentTitle="Link not valid">
      <Stack gap="md">
        <Alert color="gray" variant="light" icon={<IconLinkOff aria-hidden="true" />}>
          It may be from an older email, or only part of it was copied. Nothing was changed.
        </Alert>
        <Text size="sm">You can choose what Trellis emails you from your settings after signing in.</Text>
        <Button component={Link} to={preferencesPath} variant="default">
          Open your email settings
        </Button>
      </Stack>
    </AuthLayout>
  );
}
