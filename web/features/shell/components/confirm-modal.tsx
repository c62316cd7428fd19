import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** Ask before an action that cannot be taken back: what will happen, a way out, and the action itself. */
export function ConfirmModal({
  opened = true,
  onClose,
  title,
  centered = true,
  children,
  cancelLabel = 'Cancel',
  focusCancel = false,
  confirmLabel,
  confirmColor = 'red',
  pending,
  onConfirm,
}: {
  opened?: boolean;
  onClose: () => void;
  title: string;
  centered?: boolean;
  /** What the action does, in the reader's words. */
  children: ReactNode;
  cancelLabel?: string;
  /** Start on the way out rather than on the action (for what is easy to regret). */
  focusCancel?: boolean;
  confirmLabel: string;
  confirmColor?: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered={centered}>
      <Stack>
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus={focusCancel || undefined}>
            {cancelLabel}
          </Button>
          <Button color={confirmColor} loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
