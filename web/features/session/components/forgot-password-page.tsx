import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useFormState } from '../../../lib/form-state.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useRequestPasswordReset } from '../api/session.api.ts';
import { AuthLayout } from './auth-layout.tsx';

export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const form = useFormState({ email: '' });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(form.values, { onError: form.fail });
  };

  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your email" documentTitle="Password reset requested">
        <Stack gap="md">
          <Text size="sm">
            If an account exists for <strong>{form.values.email}</strong>, we sent it a link to choose a new
            password. The link works for a limited time.
          </Text>
          <Text size="sm" c="dimmed">
            No email? Your organisation may not have email sending set up yet: an administrator can find the
            message in Trellis's built-in mailbox.
          </Text>
          <Anchor component={Link} to="/sign-in" size="sm">
            Back to sign in
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter your email and we will send you a link to choose a new password."
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="email"
            autoFocus
            {...form.text('email')}
          />
          <Button type="submit" size="md" loading={request.isPending}>
            Send reset link
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
