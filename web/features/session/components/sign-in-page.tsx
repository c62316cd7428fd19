import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../lib/api.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useSignIn } from '../api/session.api.ts';
import { AuthLayout } from './auth-layout.tsx';

/** Only same-app paths are followed after signing in, never another site. */
function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return '/';
  return next;
}

export function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const form = useFormState({ email: '', password: '' });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(form.values, {
      onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) {
          form.setErrors({ _: 'That email and password do not match an account. Check them and try again.' });
        } else if (error instanceof ApiError && error.status === 429) {
          // The server says how long to wait ("… Wait 8 seconds, then try again.").
          form.setErrors({ _: error.message });
        } else {
          form.fail(error);
        }
      },
    });
  };

  return (
    <AuthLayout title="Sign in" subtitle="Welcome back. Sign in to your organisation's Trellis.">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {params.get('reset') === 'done' && (
            <Alert color="trellis" variant="light">
              Your password was changed. Sign in with the new one.
            </Alert>
          )}
          <FormError message={form.formError} />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="username"
            autoFocus
            {...form.text('email')}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="current-password"
            {...form.text('password')}
          />
          <Group justify="flex-end" mt={-6}>
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          <Button type="submit" size="md" loading={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
