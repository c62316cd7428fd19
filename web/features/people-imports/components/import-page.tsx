import { PageHeader } from '../../shell/components/page-header.tsx';

export function ImportPage() {
  return <PageHeader title="Import people" />;
}
