import { Badge, Button, Group, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellCog, IconDevices, IconLogout } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { AccountSession } from '../../../../src/contracts/accounts.contracts.ts';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { formatDateTime, plural } from '../../../lib/format.ts';
import { useMe, useSignOut } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, FormError, ListState, PlaceholderRows } from '../../shell/components/states.tsx';
import { useChangePassword, useEndSession, useMySessions } from '../api/account.api.ts';

/** "My account": change my password, see where I am signed in and sign any of those devices out. */
export function AccountPage() {
  const me = useMe().data;
  return (
    <>
      <PageHeader title="My account" description={me ? `You sign in as ${me.email}.` : undefined} />
      <Stack gap="xl">
        <MessagesSection />
        <ChangePasswordSection />
        <SessionsSection />
      </Stack>
    </>
  );
}

/** Where my email choices live (their own page: they are many and saved as they change). */
function MessagesSection() {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="email-settings-heading" maw={560}>
      <Group justify="space-between" align="center" gap="md">
        <Stack gap={2} style={{ flex: '1 1 260px' }}>
          <Title order={2} size="h4" id="email-settings-heading">
            Email and notifications
          </Title>
          <Text size="sm" c="dimmed">
            Choose what Trellis emails you, what stays in the app, and whether to get a digest.
          </Text>
        </Stack>
        <Button
          component={Link}
          to="/account/notifications"
          variant="default"
          leftSection={<IconBellCog size={18} aria-hidden="true" />}
        >
          Manage
        </Button>
      </Group>
    </Paper>
  );
}

function ChangePasswordSection() {
  const change = useChangePassword();
  const empty = { currentPassword: '', newPassword: '', confirmation: '' };
  const form = useFormState(empty);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { currentPassword, newPassword, confirmation } = form.values;
    if (newPassword !== confirmation) {
      form.setErrors({ confirmation: 'The two new passwords differ' });
      return;
    }
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.setValues(empty);
          notifications.show({
            color: 'trellis',
            title: 'Password changed',
            message: 'Every other device you were signed in on is now signed out.',
          });
        },
        onError: form.fail,
      },
    );
  };

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="password-heading" maw={560}>
      <Title order={2} size="h4" id="password-heading" mb={4}>
        Change your password
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        You stay signed in here; every other device is signed out.
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <PasswordInput
            label="Current password"
            required
            autoComplete="current-password"
            {...form.text('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            required
            autoComplete="new-password"
            {...form.text('newPassword')}
          />
          <PasswordInput
            label="Repeat the new password"
            required
            autoComplete="new-password"
            {...form.text('confirmation')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function SessionsSection() {
  const [page, setPage] = useState(1);
  const sessions = useMySessions(page);
  const data = sessions.data;
  return (
    <Paper withBorder component="section" aria-labelledby="sessions-heading" style={{ overflow: 'hidden' }}>
      <Group justify="space-between" p="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Stack gap={2}>
          <Title order={2} size="h4" id="sessions-heading">
            Where you are signed in
          </Title>
          <Text size="sm" c="dimmed">
            Sign out a device you no longer use or do not recognise.
          </Text>
        </Stack>
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {data ? plural(data.total, 'device') : ''}
        </Text>
      </Group>
      <ListState
        query={sessions}
        inset
        empty={
          <EmptyState
            icon={<IconDevices size={30} />}
            title="No other sessions"
            description="You are signed in on this device only."
          />
        }
      >
        <Table.ScrollContainer minWidth={640}>
          <Table aria-labelledby="sessions-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last active</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data ? (
                data.items.map((session) => <SessionRow key={session.id} session={session} />)
              ) : (
                <PlaceholderRows rows={2} columns={5} height={24} />
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
      <TablePageFooter result={data} page={page} onChange={setPage} />
    </Paper>
  );
}

function deviceName(session: AccountSession): string {
  return session.device ?? session.userAgent ?? 'Unknown device';
}

function SessionRow({ session }: { session: AccountSession }) {
  const end = useEndSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const name = deviceName(session);

  const onSignOut = () => {
    if (session.current) {
      signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) });
      return;
    }
    end.mutate(session.id, {
      onSuccess: () => notifications.show({ color: 'trellis', message: `${name} is signed out.` }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Not signed out', message: errorMessage(error) }),
    });
  };

  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} title={session.userAgent ?? undefined}>
            {name}
          </Text>
          {session.current && (
            <Badge size="sm" variant="light">
              This device
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{session.ip ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(session.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(session.lastSeenAt)}</Text>
      </Table.Td>
      <Table.Td w={130}>
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          loading={end.isPending || signOut.isPending}
          onClick={onSignOut}
          aria-label={
            session.current
              ? 'Sign out of this device'
              : `Sign out ${name}, signed in ${formatDateTime(session.createdAt)}`
          }
        >
          Sign out
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
