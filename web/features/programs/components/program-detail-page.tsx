import './programs.css';
import { Badge, Button, Group, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSettings } from '@tabler/icons-react';
import { Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { lazyPage } from '../../../lib/lazy-page.ts';
import { type Tabs as TabList, tabFromUrl } from '../../../lib/url-tabs.ts';
import { AgreementTemplateTab } from '../../agreements/components/agreement-template-tab.tsx';
import { EnrolmentsTab } from '../../enrolment/components/enrolments-tab.tsx';
import { ProgramGroupsTab } from '../../groups/components/program-groups-tab.tsx';
import { CriteriaTab } from '../../matching/components/criteria-tab.tsx';
import { RunsTab } from '../../matching/components/runs-tab.tsx';
import { LaunchEmailButton, LaunchEmailPrompt } from '../../messages/components/launch-email-modal.tsx';
import { ProgramMessagesTab } from '../../messages/components/program-messages-tab.tsx';
import { ProgramRelationshipsTab } from '../../relationships/components/program-relationships-tab.tsx';
import { ProgramResourcesTab } from '../../resources/components/program-resources-tab.tsx';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { ProgramFeedbackTab } from '../../surveys/components/program-feedback-tab.tsx';
import { useProgram } from '../api/programs.api.ts';
import { OverviewTab } from './overview-tab.tsx';
import { ProgramStatusBadge } from './program-badges.tsx';
import { ProgramFormModal } from './program-form-modal.tsx';
import { matchingModeLabel, programTypeLabel } from './program-labels.ts';
import { QuestionsTab } from './questions-tab.tsx';

// The dashboard's charts (recharts) load only when the tab is opened (decision 035).
const ProgramDashboardTab = lazyPage(
  () => import('../../analytics/components/program-dashboard-tab.tsx'),
  'ProgramDashboardTab',
);

const TABS = [
  { value: 'overview', label: 'Overview' },
  { value: 'dashboard', label: 'Dashboard' },
  { value: 'form', label: 'Questions' },
  { value: 'enrolments', label: 'Enrolments' },
  { value: 'criteria', label: 'Criteria' },
  { value: 'runs', label: 'Match runs' },
  { value: 'relationships', label: 'Pairs' },
  { value: 'agreement', label: 'Agreement' },
  { value: 'resources', label: 'Resources' },
  { value: 'feedback', label: 'Feedback' },
  { value: 'messages', label: 'Messages' },
] as const;
const GROUP_TABS = TABS.map((item) =>
  item.value === 'relationships' ? { value: 'groups', label: 'Groups' } : item,
) as unknown as TabList;

export function ProgramDetailPage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const program = useProgram(id);
  const [settingsOpened, settings] = useDisclosure(false);

  if (program.isPending) return <LoadingState label="Loading the program…" />;
  if (program.isError) {
    return (
      <ErrorState
        error={program.error}
        title="This program could not be loaded"
        onRetry={() => program.refetch()}
      />
    );
  }
  const data = program.data;
  // A group program's staff manage groups where a one-to-one program lists its pairs.
  const tabs = data.type === 'group' ? GROUP_TABS : TABS;
  const { value: active, label: activeLabel } = tabFromUrl(tabs, tab);

  return (
    <>
      <PageBreadcrumbs links={[{ to: '/programs', label: 'Programs' }]} current={data.name} />
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>{data.name}</span>
            <ProgramStatusBadge status={data.status} />
          </Group>
        }
        documentTitle={`${activeLabel} · ${data.name}`}
        description={
          <Group gap={6} component="span">
            <Badge variant="outline" color="gray" radius="sm" size="sm" component="span">
              {programTypeLabel[data.type] ?? data.type}
            </Badge>
            <Badge variant="outline" color="gray" radius="sm" size="sm" component="span">
              {matchingModeLabel[data.matchingMode] ?? data.matchingMode}
            </Badge>
          </Group>
        }
        actions={
          <Group gap="sm">
            <LaunchEmailButton program={data} />
            <Button
              variant="default"
              leftSection={<IconSettings size={18} aria-hidden="true" />}
              onClick={settings.open}
            >
              Settings
            </Button>
          </Group>
        }
      />
      {active === 'overview' && <LaunchEmailPrompt program={data} />}
      <Tabs
        value={active}
        onChange={(value) => navigate(value === 'overview' ? `/programs/${id}` : `/programs/${id}/${value}`)}
        keepMounted={false}
      >
        <Tabs.List mb="lg" className="program-tabs">
          {tabs.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <OverviewTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="dashboard">
          <Suspense fallback={<LoadingState label="Loading the dashboard…" />}>
            <ProgramDashboardTab program={data} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="form">
          <QuestionsTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="enrolments">
          <EnrolmentsTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="criteria">
          <CriteriaTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="runs">
          <RunsTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="relationships">
          <ProgramRelationshipsTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="groups">
          <ProgramGroupsTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="agreement">
          <AgreementTemplateTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="resources">
          <ProgramResourcesTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="feedback">
          <ProgramFeedbackTab program={data} />
        </Tabs.Panel>
        <Tabs.Panel value="messages">
          <ProgramMessagesTab program={data} />
        </Tabs.Panel>
      </Tabs>
      {settingsOpened && <ProgramFormModal opened onClose={settings.close} program={data} />}
    </>
  );
}
