import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useAgreementTemplate, useSaveAgreementTemplate } from '../api/agreements.api.ts';
import { AgreementForm, AgreementView } from './agreement-content.tsx';

/** Program staff write the agreement every new pair of the program starts from. */
export function AgreementTemplateTab({ program }: { program: Program }) {
  const template = useAgreementTemplate(program.id);
  const save = useSaveAgreementTemplate(program.id);
  const [formKey, setFormKey] = useState(0);

  if (template.isPending) return <LoadingState label="Loading the agreement template…" />;
  if (template.isError) {
    return (
      <ErrorState
        error={template.error}
        title="The agreement template could not be loaded"
        onRetry={() => template.refetch()}
      />
    );
  }
  const data = template.data;
  const canEdit = program.canManage === true;

  return (
    <Stack gap="lg">
      <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden="true" />}>
        Every new pair in {program.name} starts their mentoring agreement from this template, with an end date{' '}
        {program.relationshipMonths} months after they start. Each pair can change their copy before they sign
        it; pairs who already saved theirs keep it.
      </Alert>
      <Paper withBorder p="lg" component="section" aria-labelledby="agreement-template-heading">
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={2} size="h4" id="agreement-template-heading">
              Agreement template
            </Title>
            {data.isDefault && (
              <Badge variant="light" color="gray">
                Trellis default
              </Badge>
            )}
          </Group>
          {data.isDefault && (
            <Text size="sm" c="dimmed">
              This program has not written its own template yet, so pairs get Trellis’ default below. Change
              anything and save to make it this program’s own.
            </Text>
          )}
          {canEdit ? (
            <AgreementForm
              key={formKey}
              initial={data.content}
              template
              error={save.error}
              saving={save.isPending}
              submitLabel="Save template"
              cancelLabel="Reset"
              onCancel={() => {
                save.reset();
                setFormKey((key) => key + 1);
              }}
              onSubmit={(content) =>
                save.mutate(
                  { ...content, endDate: null },
                  {
                    onSuccess: () => {
                      setFormKey((key) => key + 1);
                      notifications.show({ color: 'trellis', message: 'The agreement template is saved.' });
                    },
                    onError: (error) => {
                      // Field problems show beside their fields.
                      if (error instanceof ApiError && error.issues.length > 0) return;
                      notifications.show({
                        color: 'red',
                        title: 'Template not saved',
                        message: errorMessage(error),
                      });
                    },
                  },
                )
              }
            />
          ) : (
            <AgreementView content={data.content} showEndDate={false} />
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
