import { Alert, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import type { PersonDetail } from '../../../../src/contracts/people.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { FormError } from '../../shell/components/states.tsx';
import { useErasePerson } from '../api/people.api.ts';

/** Erasure cannot be undone, so the admin types the person's name to confirm. */
export function ErasePersonModal({
  person,
  opened,
  onClose,
  onErased,
}: {
  person: PersonDetail;
  opened: boolean;
  onClose: () => void;
  onErased: () => void;
}) {
  const erase = useErasePerson(person.id);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (opened) setTyped('');
  }, [opened]);
  const matches = typed.trim() === person.name.trim();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    erase.mutate(undefined, {
      onSuccess: () => {
        notifications.show({
          color: 'trellis',
          title: 'Erased',
          message: `${person.name}'s personal data was erased.`,
        });
        onClose();
        onErased();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Erase personal data" centered>
      <form onSubmit={onSubmit}>
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />}>
            This permanently removes {person.name}'s personal data (GDPR erasure). It cannot be undone.
          </Alert>
          <Text size="sm">What happens:</Text>
          <List size="sm" spacing={4}>
            <List.Item>Name, email and profile details are deleted.</List.Item>
            <List.Item>Their Trellis account, if any, is closed and signed out at once.</List.Item>
            <List.Item>
              Their open mentoring relationships are listed under “Left the organisation” in each program, for
              you to end.
            </List.Item>
            <List.Item>
              Their private mentoring notes are deleted, and the comments on their meeting ratings and surveys
              are cleared. Notes they shared with a partner stay, signed “Erased person”.
            </List.Item>
            <List.Item>Anonymous counts in reports are kept.</List.Item>
          </List>
          <TextInput
            label={`Type "${person.name}" to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <FormError error={erase.error} />
          <FormActions
            onCancel={onClose}
            submitLabel="Erase permanently"
            pending={erase.isPending}
            disabled={!matches}
            color="red"
          />
        </Stack>
      </form>
    </Modal>
  );
}
