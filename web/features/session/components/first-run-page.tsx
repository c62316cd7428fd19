import {
  Alert,
  Button,
  Code,
  CopyButton,
  Divider,
  Group,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconCheck, IconCopy, IconSparkles } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { DemoSetupResponse } from '../../../../src/contracts/accounts.contracts.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { FormError } from '../../shell/components/states.tsx';
import { sessionKeys, useCreateDemo, useCreateOrganisation } from '../api/session.api.ts';
import { AuthLayout } from './auth-layout.tsx';

export function FirstRunPage() {
  const navigate = useNavigate();
  const createOrganisation = useCreateOrganisation();
  const createDemo = useCreateDemo();
  const form = useFormState({ organisationName: '', adminName: '', email: '', password: '' });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    createOrganisation.mutate(form.values, {
      onSuccess: () => navigate('/', { replace: true }),
      onError: form.fail,
    });
  };

  if (createDemo.data) return <DemoCredentials demo={createDemo.data} />;

  const busy = createOrganisation.isPending || createDemo.isPending;
  return (
    <AuthLayout
      title="Create your organisation"
      subtitle="Welcome to Trellis. Set up your organisation and its first administrator — that is you."
      documentTitle="Welcome"
      width={480}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <TextInput
            label="Organisation name"
            placeholder="Acme Corporation"
            required
            autoFocus
            {...form.text('organisationName')}
          />
          <TextInput
            label="Your name"
            placeholder="Ada Lovelace"
            required
            autoComplete="name"
            {...form.text('adminName')}
          />
          <TextInput
            label="Work email"
            type="email"
            placeholder="ada@acme.example"
            required
            autoComplete="email"
            {...form.text('email')}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters."
            required
            autoComplete="new-password"
            {...form.text('password')}
          />
          <Button type="submit" size="md" loading={createOrganisation.isPending} disabled={busy}>
            Create organisation
          </Button>
        </Stack>
      </form>
      <Divider my="lg" label="or try it first" labelPosition="center" />
      <Stack gap="xs">
        <Button
          variant="default"
          size="md"
          leftSection={<IconSparkles size={18} aria-hidden="true" />}
          onClick={() => createDemo.mutate()}
          loading={createDemo.isPending}
          disabled={busy}
        >
          Explore with demo data
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          Creates a sample organisation with fictional employees. You can start over with a fresh data folder.
        </Text>
        <FormError error={createDemo.error} />
      </Stack>
    </AuthLayout>
  );
}

function DemoCredentials({ demo }: { demo: DemoSetupResponse }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const onContinue = () => {
    queryClient.setQueryData(sessionKeys.me, demo.me);
    queryClient.setQueryData(sessionKeys.setup, { needsSetup: false });
    navigate('/', { replace: true });
  };
  return (
    <AuthLayout title="Your demo is ready" documentTitle="Demo ready" width={520}>
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon color="trellis" variant="light" size="lg" radius="xl" aria-hidden="true">
            <IconCheck size={20} />
          </ThemeIcon>
          <Text size="sm">
            We created <strong>{demo.me.organisation.name}</strong> with {demo.peopleCount} fictional people.
            You are signed in as its administrator.
          </Text>
        </Group>
        <Alert color="orange" variant="light" title="Write these down before you continue">
          <Text size="sm" mb="sm">
            You need them to sign in again later, for example from another browser.
          </Text>
          {/* Fixed columns and wrapping values: a long email or password wraps inside the box, never clips it. */}
          <Table
            withRowBorders={false}
            verticalSpacing={6}
            layout="fixed"
            aria-label="Demo administrator credentials"
          >
            <Table.Tbody>
              <CredentialRow label="Email" value={demo.credentials.email} />
              <CredentialRow label="Password" value={demo.credentials.password} />
            </Table.Tbody>
          </Table>
        </Alert>
        <Title order={2} size="h5" mt="xs">
          What to try
        </Title>
        <Text size="sm" c="dimmed">
          Browse the directory, open a person to see their reporting line, import a CSV, or invite a colleague
          — the invitation lands in the built-in mailbox.
        </Text>
        <Button size="md" onClick={onContinue} autoFocus>
          Continue to Trellis
        </Button>
      </Stack>
    </AuthLayout>
  );
}

function CredentialRow({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w={90} scope="row">
        <Text size="sm" fw={600}>
          {label}
        </Text>
      </Table.Th>
      <Table.Td>
        <Code fz="md" data-testid={`demo-${label.toLowerCase()}`} style={{ overflowWrap: 'anywhere' }}>
          {value}
        </Code>
      </Table.Td>
      <Table.Td w={90}>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="subtle"
              color={copied ? 'trellis' : 'gray'}
              onClick={copy}
              leftSection={
                copied ? (
                  <IconCheck size={14} aria-hidden="true" />
                ) : (
                  <IconCopy size={14} aria-hidden="true" />
                )
              }
              aria-label={`Copy ${label.toLowerCase()}`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Table.Td>
    </Table.Tr>
  );
}
