import { Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import type { Role } from '../../../../src/contracts/accounts.contracts.ts';
import type { PersonDetail } from '../../../../src/contracts/people.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { FormError } from '../../shell/components/states.tsx';
import { RoleRadioGroup } from '../../users/components/role-radio-group.tsx';
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
          <RoleRadioGroup value={role} onChange={setRole} />
          <FormError error={invite.error} />
          <FormActions onCancel={onClose} submitLabel="Send invitation" pending={invite.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
