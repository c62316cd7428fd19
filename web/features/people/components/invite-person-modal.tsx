import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import type { Role } from '../../../../src/contracts/accounts.contracts.ts';
import type { PersonDetail } from '../../../../src/contracts/people.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useInvitePerson } from '../api/people.api.ts';

export function InvitePersonModal({
  person,
  opened,
  onClose,
}: {
  person: PersonDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const invite = useInvitePerson();
  const [role, setRole] = useState<Role>('member');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(
      { email: person.email, name: person.name, role, personId: person.id },
      {
        onSuccess: () => {
          notifications.show({
            color: 'trellis',
            title: 'Invitation sent',
            message: `${person.name} will receive an email at ${person.email}.`,
          });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Invite ${person.name} to Trellis`} centered>
      <form onSubmit={onSubmit}>
        <Stack gap="md">
          <Text size="sm">
            We will email <strong>{person.email}</strong> a link to choose a password. The account is linked
            to this person's profile.
          </Text>
          <Radio.Group label="Role" value={role} onChange={(value) => setRole(value as Role)}>
            <Stack gap="xs" mt="xs">
              <Radio
                value="member"
                label="Member"
                description="Takes part in programs as a mentor or mentee"
              />
              <Radio
                value="admin"
                label="Administrator"
                description="Manages people, programs and accounts"
              />
            </Stack>
          </Radio.Group>
          {invite.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(invite.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={invite.isPending}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
