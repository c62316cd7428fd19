import { Button, Center, Stack } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { Component, type ReactNode, Suspense } from 'react';
import { Outlet, useLocation } from 'react-router';
import { EmptyState, LoadingState } from './states.tsx';

/**
 * Where a lazily loaded page goes: the loading state while its code arrives, and a clear message with a reload
 * button when it cannot (the app was updated since this tab opened and the old chunk is gone, or the network
 * dropped) instead of a blank page. A new address starts afresh.
 */
export function PageOutlet({ fullPage = false }: { fullPage?: boolean }) {
  const location = useLocation();
  const loading = <LoadingState label="Loading page…" />;
  return (
    <PageErrorBoundary key={location.pathname} fullPage={fullPage}>
      <Suspense fallback={fullPage ? <FullPageCenter>{loading}</FullPageCenter> : loading}>
        <Outlet />
      </Suspense>
    </PageErrorBoundary>
  );
}

function FullPageCenter({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={520}>
        {children}
      </Stack>
    </Center>
  );
}

/** A module script that failed to load: Chromium, Firefox and Safari word it differently. */
function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|module script failed|importing a module script failed|error loading dynamically imported module|failed to fetch/i.test(
    message,
  );
}

interface BoundaryState {
  error: unknown;
}

class PageErrorBoundary extends Component<{ children: ReactNode; fullPage: boolean }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    console.warn('A page could not be shown:', error);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    const chunk = isChunkLoadError(this.state.error);
    // Shown like the not-found page (a page of its own with its heading), and announced.
    const alert = (
      <div role="alert">
        <EmptyState
          order={1}
          icon={<IconAlertTriangle size={30} />}
          title={chunk ? 'This page could not be loaded' : 'Something went wrong on this page'}
          description={
            chunk
              ? 'Trellis may have been updated since you opened it, or the connection dropped. Reload to get the latest version.'
              : 'Reload the page to try again. If it happens again, tell your administrator what you were doing.'
          }
        >
          <Button
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            onClick={() => window.location.reload()}
          >
            Reload
          </Button>
        </EmptyState>
      </div>
    );
    return this.props.fullPage ? <FullPageCenter>{alert}</FullPageCenter> : alert;
  }
}
