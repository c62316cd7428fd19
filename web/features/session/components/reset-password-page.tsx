import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../lib/api.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useConfirmPasswordReset } from '../api/session.api.ts';
import { AuthLayout } from './auth-layout.tsx';

export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const confirm = useConfirmPasswordReset();
  const form = useFormState({ password: '', confirmation: '' });
  const expired =
    confirm.error instanceof ApiError && (confirm.error.status === 410 || confirm.error.status === 404);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (form.values.password !== form.values.confirmation) {
      form.setErrors({ confirmation: 'The two passwords differ' });
      return;
    }
    confirm.mutate(
      { token, password: form.values.password },
      { onSuccess: () => navigate('/sign-in?reset=done', { replace: true }), onError: form.fail },
    );
  };

  if (expired) {
    return (
      <AuthLayout title="This link has expired" documentTitle="Link expired">
        <Stack gap="md">
          <Alert color="orange" variant="light">
            Password reset links work once and for a limited time. Ask for a new one.
          </Alert>
          <Button component={Link} to="/forgot-password">
            Request a new link
          </Button>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" subtitle="Pick a password of at least 10 characters.">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            autoFocus
            {...form.text('password')}
          />
          <PasswordInput
            label="Repeat the new password"
            required
            autoComplete="new-password"
            {...form.text('confirmation')}
          />
          <Button type="submit" size="md" loading={confirm.isPending}>
            Save password
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
