import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconLock } from '@tabler/icons-react';
import type { OneTimeLink } from '../../../../src/contracts/accounts.contracts.ts';
import { formatDateTime } from '../../../lib/format.ts';

/**
 * A one-time link (invitation, password reset) shown once to the admin who must pass it on, because no mail server
 * is set up. It is never shown again: not in the mailbox, not here after closing.
 */
export function OneTimeLinkModal({
  link,
  title,
  purpose,
  recipient,
  onClose,
}: {
  link: OneTimeLink | null;
  title: string;
  /** What the link lets the recipient do, e.g. "choose a new password". */
  purpose: string;
  recipient: string;
  onClose: () => void;
}) {
  return (
    <Modal opened={link !== null} onClose={onClose} title={title} centered size="lg">
      {link && (
        <Stack gap="md">
          <Text size="sm">
            No mail server is set up, so give this link to {recipient} yourself, through a channel you trust.
            It lets them {purpose}, works once, and expires {formatDateTime(link.expiresAt)}.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label="One-time link"
              value={link.url}
              readOnly
              onFocus={(event) => event.currentTarget.select()}
              style={{ flex: 1 }}
              data-autofocus
            />
            <CopyButton value={link.url}>
              {({ copied, copy }) => (
                <Button
                  onClick={copy}
                  variant={copied ? 'light' : 'filled'}
                  leftSection={
                    copied ? (
                      <IconCheck size={16} aria-hidden="true" />
                    ) : (
                      <IconCopy size={16} aria-hidden="true" />
                    )
                  }
                >
                  {copied ? 'Copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Alert color="orange" variant="light" icon={<IconLock aria-hidden="true" />}>
            This is the only time Trellis shows this link. Anyone who has it can use it, so do not post it
            where others can read it.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
