import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** A form's buttons, right-aligned: a way out (Cancel) and the submit button. */
export function FormActions({
  onCancel,
  cancelDisabled,
  submitLabel,
  pending,
  disabled,
  color,
  leftSection,
}: {
  onCancel: () => void;
  cancelDisabled?: boolean;
  submitLabel: ReactNode;
  pending: boolean;
  disabled?: boolean;
  color?: string;
  leftSection?: ReactNode;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel} disabled={cancelDisabled}>
        Cancel
      </Button>
      <Button type="submit" color={color} loading={pending} disabled={disabled} leftSection={leftSection}>
        {submitLabel}
      </Button>
    </Group>
  );
}
