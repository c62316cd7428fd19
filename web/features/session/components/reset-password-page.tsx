import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { asSentence } from '../../../lib/format.ts';
import { FormError, LoadingState } from '../../shell/components/states.tsx';
import { useConfirmPasswordReset, usePasswordResetLink } from '../api/session.api.ts';
import { AuthLayout } from './auth-layout.tsx';

export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  // The link is checked when the page opens, so a used or expired one is said before the form is filled.
  const link = usePasswordResetLink(token);
  const confirm = useConfirmPasswordReset();
  const form = useFormState({ password: '', confirmation: '' });
  const linkError =
    link.error ??
    (confirm.error instanceof ApiError && (confirm.error.status === 410 || confirm.error.status === 404)
      ? confirm.error
      : null);

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

  if (link.isPending) {
    return (
      <AuthLayout title="Choose a new password" documentTitle="Reset password">
        <LoadingState label="Checking your link…" />
      </AuthLayout>
    );
  }
  if (linkError) {
    const status = linkError instanceof ApiError ? linkError.status : 0;
    return (
      <AuthLayout title="This link cannot be used" documentTitle="Link cannot be used">
        <Stack gap="md">
          <Alert color="orange" variant="light">
            {status === 400
              ? 'This password reset link is not valid: check that you copied all of it.'
              : asSentence(errorMessage(linkError))}{' '}
            {status === 429 ? '' : 'Password reset links work once and for a limited time.'}
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
          <TextInput label="Email" value={link.data?.email ?? ''} readOnly autoComplete="username" />
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
