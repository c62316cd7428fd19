import '../../programs/components/programs.css';
import { Badge, Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { MyProgramsTab } from '../../enrolment/components/my-programs-tab.tsx';
import { useMyRequests } from '../../requests/api/requests.api.ts';
import { RequestsTab } from '../../requests/components/requests-tab.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { MyRelationshipsTab } from './my-relationships-tab.tsx';

const TABS = [
  { value: 'programs', label: 'Programs' },
  { value: 'requests', label: 'Requests' },
  { value: 'relationships', label: 'My mentoring' },
] as const;

export function MentoringPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = TABS.some((item) => item.value === tab) ? tab! : 'programs';
  const incoming = useMyRequests({ direction: 'incoming', status: 'pending' });
  const waiting = incoming.data?.total ?? 0;
  const label = TABS.find((item) => item.value === active)?.label ?? '';

  return (
    <>
      <PageHeader
        title="Mentoring"
        documentTitle={`${label} · Mentoring`}
        description="Programs you take part in, requests between you and other people, and your mentors and mentees."
      />
      <Tabs
        value={active}
        onChange={(value) => navigate(value === 'programs' ? '/mentoring' : `/mentoring/${value}`)}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          {TABS.map((item) => (
            <Tabs.Tab
              key={item.value}
              value={item.value}
              rightSection={
                item.value === 'requests' && waiting > 0 ? (
                  <Badge size="sm" circle color="red" aria-label={`${waiting} waiting for you`}>
                    {waiting}
                  </Badge>
                ) : undefined
              }
            >
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="programs">
          <MyProgramsTab />
        </Tabs.Panel>
        <Tabs.Panel value="requests">
          <RequestsTab />
        </Tabs.Panel>
        <Tabs.Panel value="relationships">
          <MyRelationshipsTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
