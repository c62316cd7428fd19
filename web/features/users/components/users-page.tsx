import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconKey,
  IconMailForward,
  IconUserCheck,
  IconUserOff,
  IconUserPlus,
  IconUsersGroup,
  IconUsersPlus,
} from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { OneTimeLink, Role } from '../../../../src/contracts/accounts.contracts.ts';
import type { User, UserStatusFilter, UserUpdate } from '../../../../src/contracts/users.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { PersonName } from '../../../components/person-name.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { type FormState, useFormState } from '../../../lib/form-state.ts';
import { formatDate, formatDateTime, initials, plural } from '../../../lib/format.ts';
import { useMe } from '../../session/api/session.api.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, FormError, ListState, PlaceholderRows } from '../../shell/components/states.tsx';
import {
  useInviteUser,
  useResendInvitation,
  useResetUserPassword,
  useUpdateUser,
  useUsers,
} from '../api/users.api.ts';
import { BulkInviteModal } from './bulk-invite-modal.tsx';
import { InvitationsPanel } from './invitations-panel.tsx';
import { OneTimeLinkModal } from './one-time-link-modal.tsx';
import { RoleRadioGroup } from './role-radio-group.tsx';

const statusColor: Record<User['status'], string> = { active: 'trellis', invited: 'blue', disabled: 'gray' };
const statusLabel: Record<User['status'], string> = {
  active: 'Active',
  invited: 'Invited',
  disabled: 'Disabled',
};
const statusFilters: { value: UserStatusFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'invited', label: 'Invited, not accepted yet' },
  { value: 'expired', label: 'Invitation expired' },
  { value: 'disabled', label: 'Disabled' },
];
const isStatusFilter = (value: string | null): value is UserStatusFilter =>
  statusFilters.some((filter) => filter.value === value);

export function UsersPage() {
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const statusParam = params.get('status');
  const status = isStatusFilter(statusParam) ? statusParam : undefined;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const users = useUsers({ page, q: q || undefined, status });
  const [inviteOpened, invite] = useDisclosure(false);
  const [bulkOpened, bulk] = useDisclosure(false);
  const data = users.data;
  const showStatus = (next: UserStatusFilter | null) => setParams(next ? { status: next } : {});

  return (
    <>
      <PageHeader
        title="Team & invitations"
        description="Who can sign in to Trellis, and with which role. People in the directory need an account only to take part themselves."
        actions={
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconUsersPlus size={18} aria-hidden="true" />}
              onClick={bulk.open}
            >
              Invite in bulk
            </Button>
            <Button leftSection={<IconUserPlus size={18} aria-hidden="true" />} onClick={invite.open}>
              Invite someone
            </Button>
          </Group>
        }
      />
      <InvitationsPanel onShowExpired={() => showStatus('expired')} />
      <Paper withBorder style={{ overflow: 'hidden' }} component="section" aria-label="Accounts">
        <Group
          justify="space-between"
          p="md"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <SearchInput
            label="Search accounts"
            placeholder="Name or email"
            value={search}
            onSearch={(value) => {
              setSearch(value);
              if (page !== 1) setParams(status ? { status } : {});
            }}
            w={{ base: '100%', sm: 320 }}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={statusFilters}
            value={status ?? null}
            onChange={(value) => showStatus(isStatusFilter(value) ? value : null)}
            clearable
            w={{ base: '100%', sm: 240 }}
          />
          <Text size="sm" c="dimmed" role="status" aria-live="polite" ml="auto">
            {data ? plural(data.total, 'account') : ''}
          </Text>
        </Group>
        <ListState
          query={users}
          inset
          empty={
            <EmptyState
              icon={<IconUsersGroup size={30} />}
              title={q || status ? 'No account matches' : 'Only you so far'}
              description={
                q || status ? 'Try another search or status.' : 'Invite colleagues to help run your programs.'
              }
            >
              {status ? (
                <Button variant="default" onClick={() => showStatus(null)}>
                  Show every status
                </Button>
              ) : (
                <Button onClick={invite.open}>Invite someone</Button>
              )}
            </EmptyState>
          }
        >
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Accounts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last sign-in</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data ? (
                  data.items.map((user) => <UserRow key={user.id} user={user} isSelf={user.id === me?.id} />)
                ) : (
                  <PlaceholderRows rows={3} columns={5} height={28} />
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListState>
        <TablePageFooter
          result={data}
          page={page}
          onChange={(next) =>
            setParams({ ...(status ? { status } : {}), ...(next === 1 ? {} : { page: String(next) }) })
          }
        />
      </Paper>
      <InviteUserModal opened={inviteOpened} onClose={invite.close} />
      <BulkInviteModal opened={bulkOpened} onClose={bulk.close} />
    </>
  );
}

function UserRow({ user, isSelf }: { user: User; isSelf: boolean }) {
  const update = useUpdateUser();
  const resend = useResendInvitation();
  const resetPassword = useResetUserPassword();
  const [confirmReset, setConfirmReset] = useState(false);
  const [shown, setShown] = useState<{ kind: 'invitation' | 'reset'; link: OneTimeLink } | null>(null);

  const changeRole = (role: Role) =>
    update.mutate(
      { id: user.id, role },
      {
        onSuccess: () =>
          notifications.show({
            color: 'trellis',
            message: `${user.name} is now ${role === 'admin' ? 'an administrator' : 'a member'}.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Role not changed', message: errorMessage(error) }),
      },
    );
  const setStatus = (status: NonNullable<UserUpdate['status']>) =>
    update.mutate(
      { id: user.id, status },
      {
        onSuccess: () =>
          notifications.show({
            color: 'trellis',
            message:
              status === 'disabled'
                ? `${user.name} can no longer sign in.`
                : `${user.name} can sign in again.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Status not changed', message: errorMessage(error) }),
      },
    );
  const onResend = () =>
    resend.mutate(user.id, {
      onSuccess: (sent) => {
        if (sent.invitationLink) setShown({ kind: 'invitation', link: sent.invitationLink });
        else notifications.show({ color: 'trellis', message: `A new invitation was sent to ${user.email}.` });
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(error) }),
    });
  const onReset = () =>
    resetPassword.mutate(user.id, {
      onSuccess: (issued) => {
        setConfirmReset(false);
        if (issued.link) setShown({ kind: 'reset', link: issued.link });
        else
          notifications.show({
            color: 'trellis',
            message: `${user.name} is signed out everywhere and was emailed a link to choose a new password.`,
          });
      },
      onError: (error) => {
        setConfirmReset(false);
        notifications.show({ color: 'red', title: 'Password not reset', message: errorMessage(error) });
      },
    });

  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar
            size={34}
            radius="xl"
            color={user.status === 'disabled' ? 'gray' : 'trellis'}
            aria-hidden="true"
          >
            {initials(user.name)}
          </Avatar>
          <PersonName
            person={user}
            badge={
              isSelf && (
                <Badge size="xs" variant="light">
                  You
                </Badge>
              )
            }
          >
            {user.personId ? (
              <Anchor component={Link} to={`/people/${user.personId}`} size="sm" fw={600}>
                {user.name}
              </Anchor>
            ) : (
              <Text size="sm" fw={600}>
                {user.name}
              </Text>
            )}
          </PersonName>
        </Group>
      </Table.Td>
      <Table.Td w={170}>
        <Select
          aria-label={`Role of ${user.name}`}
          size="xs"
          data={[
            { value: 'member', label: 'Member' },
            { value: 'admin', label: 'Administrator' },
          ]}
          value={user.role}
          onChange={(value) => value && value !== user.role && changeRole(value as Role)}
          allowDeselect={false}
          disabled={isSelf || update.isPending || user.status === 'disabled'}
        />
      </Table.Td>
      <Table.Td>
        <StatusBadge user={user} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never'}</Text>
      </Table.Td>
      <Table.Td w={60}>
        {!isSelf && (
          <Menu position="bottom-end" shadow="md" width={220}>
            <Menu.Target>
              <Button variant="subtle" color="gray" size="compact-sm" aria-label={`Actions for ${user.name}`}>
                <IconDots size={18} aria-hidden="true" />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {user.status === 'invited' && (
                <Menu.Item leftSection={<IconMailForward size={16} aria-hidden="true" />} onClick={onResend}>
                  Resend invitation
                </Menu.Item>
              )}
              {user.status === 'active' && (
                <Menu.Item
                  leftSection={<IconKey size={16} aria-hidden="true" />}
                  onClick={() => setConfirmReset(true)}
                >
                  Reset password
                </Menu.Item>
              )}
              {user.status === 'disabled' ? (
                <Menu.Item
                  leftSection={<IconUserCheck size={16} aria-hidden="true" />}
                  onClick={() => setStatus('active')}
                >
                  Enable account
                </Menu.Item>
              ) : (
                <Menu.Item
                  color="red"
                  leftSection={<IconUserOff size={16} aria-hidden="true" />}
                  onClick={() => setStatus('disabled')}
                >
                  Disable account
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
        <ConfirmModal
          opened={confirmReset}
          onClose={() => setConfirmReset(false)}
          title={`Reset ${user.name}'s password?`}
          confirmLabel="Reset password"
          confirmColor="orange"
          focusCancel
          pending={resetPassword.isPending}
          onConfirm={onReset}
        >
          <Text size="sm">
            {user.name} is signed out on every device and told that you reset their password. Trellis emails
            them a one-time link to choose a new one — or, when no mail server is set up, shows the link to
            you once so you can give it to them. Until they use it, their current password still works.
          </Text>
        </ConfirmModal>
        <OneTimeLinkModal
          link={shown?.link ?? null}
          title={
            shown?.kind === 'reset'
              ? `Password reset link for ${user.name}`
              : `Invitation link for ${user.name}`
          }
          purpose={shown?.kind === 'reset' ? 'choose a new password' : 'choose a password and join'}
          recipient={user.name}
          onClose={() => setShown(null)}
        />
      </Table.Td>
    </Table.Tr>
  );
}

function InviteUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const invite = useInviteUser();
  const form = useFormState({ email: '', name: '', role: 'member' as Role });
  const [sent, setSent] = useState<{ name: string; link: OneTimeLink } | null>(null);

  const close = () => {
    form.setValues({ email: '', name: '', role: 'member' });
    form.setErrors({});
    invite.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { email, name, role } = form.values;
    invite.mutate(
      { email: email.trim(), name: name.trim() || undefined, role },
      {
        onSuccess: (invited) => {
          if (invited.invitationLink) {
            setSent({ name: invited.name, link: invited.invitationLink });
          } else {
            notifications.show({
              color: 'trellis',
              title: 'Invitation sent',
              message: `${email.trim()} will receive a link to set a password.`,
            });
          }
          close();
        },
        onError: form.fail,
      },
    );
  };

  return (
    <>
      <InviteForm opened={opened} close={close} form={form} pending={invite.isPending} onSubmit={onSubmit} />
      <OneTimeLinkModal
        link={sent?.link ?? null}
        title={sent ? `Invitation link for ${sent.name}` : ''}
        purpose="choose a password and join"
        recipient={sent?.name ?? ''}
        onClose={() => setSent(null)}
      />
    </>
  );
}

function InviteForm({
  opened,
  close,
  form,
  pending,
  onSubmit,
}: {
  opened: boolean;
  close: () => void;
  form: FormState<{ email: string; name: string; role: Role }>;
  pending: boolean;
  onSubmit: (event: FormEvent) => void;
}) {
  return (
    <Modal opened={opened} onClose={close} title="Invite someone to Trellis" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <TextInput label="Email" type="email" required data-autofocus {...form.text('email')} />
          <TextInput
            label="Name"
            description="Optional: taken from the directory when the email matches a person"
            {...form.text('name')}
          />
          <RoleRadioGroup value={form.values.role} onChange={(role) => form.setField('role', role)} />
          <FormActions onCancel={close} submitLabel="Send invitation" pending={pending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The account's status; an invitation says until when its link works, or that it expired. */
function StatusBadge({ user }: { user: User }) {
  const invitation = user.invitation;
  if (user.status === 'invited' && invitation) {
    return (
      <Stack gap={2} align="flex-start">
        <Badge variant="light" color={invitation.expired ? 'orange' : 'blue'}>
          {invitation.expired ? 'Invitation expired' : 'Invited'}
        </Badge>
        {invitation.expiresAt && (
          <Text size="xs" c="dimmed">
            {invitation.expired
              ? `Link ended ${formatDate(invitation.expiresAt)}`
              : `Link works until ${formatDate(invitation.expiresAt)}`}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Badge variant="light" color={statusColor[user.status]}>
      {statusLabel[user.status]}
    </Badge>
  );
}
