import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePageTitle } from '../../../lib/page-title.ts';
import { EmptyState } from './states.tsx';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <EmptyState
      order={1}
      icon={<IconMapQuestion size={30} />}
      title="This page does not exist"
      description="The link may be old or mistyped."
    >
      <Button component={Link} to="/">
        Go to your home
      </Button>
    </EmptyState>
  );
}
