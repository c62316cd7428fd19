import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../lib/api.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { asSentence } from '../../../lib/format.ts';
import { FormError, LoadingState } from '../../shell/components/states.tsx';
import { useAcceptInvitation, useInvitation } from '../api/session.api.ts';
import { AuthLayout } from './auth-layout.tsx';

export function InvitationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation();
  const form = useFormState({ password: '', confirmation: '' });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (form.values.password !== form.values.confirmation) {
      form.setErrors({ confirmation: 'The two passwords differ' });
      return;
    }
    accept.mutate(
      { token, password: form.values.password },
      { onSuccess: () => navigate('/', { replace: true }), onError: form.fail },
    );
  };

  if (invitation.isPending) {
    return (
      <AuthLayout title="Your invitation" documentTitle="Invitation">
        <LoadingState label="Checking your invitation…" />
      </AuthLayout>
    );
  }
  if (invitation.isError) {
    return (
      <AuthLayout title="This invitation cannot be used" documentTitle="Invitation">
        <Stack gap="md">
          <Alert color="orange" variant="light">
            {asSentence(errorMessage(invitation.error))} Invitations expire after a few days and work once:
            ask your administrator to send a new one.
          </Alert>
          <Button component={Link} to="/sign-in" variant="default">
            Go to sign in
          </Button>
        </Stack>
      </AuthLayout>
    );
  }

  const info = invitation.data;
  return (
    <AuthLayout
      title={`Join ${info.organisationName}`}
      subtitle={`Hello ${info.name}, choose a password to finish setting up your Trellis account.`}
      documentTitle="Accept invitation"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <TextInput label="Email" value={info.email} readOnly autoComplete="username" />
          <PasswordInput
            label="Password"
            description="At least 10 characters."
            required
            autoComplete="new-password"
            autoFocus
            {...form.text('password')}
          />
          <PasswordInput
            label="Repeat the password"
            required
            autoComplete="new-password"
            {...form.text('confirmation')}
          />
          <Button type="submit" size="md" loading={accept.isPending}>
            Create my account
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
