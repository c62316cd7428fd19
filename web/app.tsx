import { Button, Center, MantineProvider, Stack } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  BrowserRouter,
  createRoutesFromElements,
  matchRoutes,
  Navigate,
  Outlet,
  Route,
  Routes,
  useLocation,
} from 'react-router';
import {
  meQuery,
  sessionKeys,
  setupStatusQuery,
  useMe,
  useSetupStatus,
} from './features/session/api/session.api.ts';
import { AppFrame } from './features/shell/components/app-frame.tsx';
import { NotFoundPage } from './features/shell/components/not-found-page.tsx';
import { PageOutlet } from './features/shell/components/page-boundary.tsx';
import { EmptyState, ErrorState, LoadingState } from './features/shell/components/states.tsx';
import { ApiError } from './lib/api.ts';
import { lazyPage, pageOf } from './lib/lazy-page.ts';
import { cssVariablesResolver, theme } from './theme.ts';

// Each page is its own chunk, loaded when first visited (decision 035); the shell, the session and the router stay in
// the entry.
const AccountPage = lazyPage(() => import('./features/account/components/account-page.tsx'), 'AccountPage');
const EditEnrolmentPage = lazyPage(
  () => import('./features/enrolment/components/enrol-page.tsx'),
  'EditEnrolmentPage',
);
const EnrolPage = lazyPage(() => import('./features/enrolment/components/enrol-page.tsx'), 'EnrolPage');
const MyProfilePage = lazyPage(
  () => import('./features/enrolment/components/my-profile-page.tsx'),
  'MyProfilePage',
);
const BookFlashPage = lazyPage(
  () => import('./features/flash/components/book-flash-page.tsx'),
  'BookFlashPage',
);
const FlashAvailabilityPage = lazyPage(
  () => import('./features/flash/components/flash-availability-page.tsx'),
  'FlashAvailabilityPage',
);
const FindGroupPage = lazyPage(
  () => import('./features/groups/components/find-group-page.tsx'),
  'FindGroupPage',
);
const GroupWorkspacePage = lazyPage(
  () => import('./features/groups-workspace/components/group-workspace-page.tsx'),
  'GroupWorkspacePage',
);
const HomePage = lazyPage(() => import('./features/home/components/home-page.tsx'), 'HomePage');
const MailboxPage = lazyPage(() => import('./features/mailbox/components/mailbox-page.tsx'), 'MailboxPage');
const ComparePage = lazyPage(() => import('./features/matching/components/compare-page.tsx'), 'ComparePage');
const RunPage = lazyPage(() => import('./features/matching/components/run-page.tsx'), 'RunPage');
const MessagePreferencesPage = lazyPage(
  () => import('./features/messages/components/message-preferences-page.tsx'),
  'MessagePreferencesPage',
);
const UnsubscribePage = lazyPage(
  () => import('./features/messages/components/unsubscribe-page.tsx'),
  'UnsubscribePage',
);
const OutcomesPage = lazyPage(
  () => import('./features/outcomes/components/outcomes-page.tsx'),
  'OutcomesPage',
);
const DirectoryPage = lazyPage(
  () => import('./features/people/components/directory-page.tsx'),
  'DirectoryPage',
);
const PersonPage = lazyPage(() => import('./features/people/components/person-page.tsx'), 'PersonPage');
const ImportPage = lazyPage(
  () => import('./features/people-imports/components/import-page.tsx'),
  'ImportPage',
);
const ProgramDetailPage = lazyPage(
  () => import('./features/programs/components/program-detail-page.tsx'),
  'ProgramDetailPage',
);
const ProgramsPage = lazyPage(
  () => import('./features/programs/components/programs-page.tsx'),
  'ProgramsPage',
);
const MentoringPage = lazyPage(
  () => import('./features/relationships/components/mentoring-page.tsx'),
  'MentoringPage',
);
const SuggestionsPage = lazyPage(
  () => import('./features/requests/components/suggestions-page.tsx'),
  'SuggestionsPage',
);
const FirstRunPage = lazyPage(
  () => import('./features/session/components/first-run-page.tsx'),
  'FirstRunPage',
);
const ForgotPasswordPage = lazyPage(
  () => import('./features/session/components/forgot-password-page.tsx'),
  'ForgotPasswordPage',
);
const InvitationPage = lazyPage(
  () => import('./features/session/components/invitation-page.tsx'),
  'InvitationPage',
);
const ResetPasswordPage = lazyPage(
  () => import('./features/session/components/reset-password-page.tsx'),
  'ResetPasswordPage',
);
const SignInPage = lazyPage(() => import('./features/session/components/sign-in-page.tsx'), 'SignInPage');
const UsersPage = lazyPage(() => import('./features/users/components/users-page.tsx'), 'UsersPage');
const WorkspacePage = lazyPage(
  () => import('./features/workspace/components/workspace-page.tsx'),
  'WorkspacePage',
);

function createQueryClient(): QueryClient {
  // A 401 on any call means the session ended: forget who we were so the router sends us to sign in.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(sessionKeys.me, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  return queryClient;
}

const queryClient = createQueryClient();
// Both questions every page waits for, asked at once as the app loads: the router needs the setup status before it
// renders anything and a signed-in page needs the account, so asking one after the other cost a round trip.
void queryClient.prefetchQuery(setupStatusQuery);
void queryClient.prefetchQuery(meQuery);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function FullPage({ children }: { children: React.ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={520}>
        {children}
      </Stack>
    </Center>
  );
}

/** Every page of an instance that has its organisation (the router's tree, also read to preload the first page). */
const appRoutes = (
  <>
    <Route element={<PageOutlet fullPage />}>
      <Route element={<PublicOnly />}>
        <Route path="/sign-in" element={<SignInPage />} />
      </Route>
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/invitations/:token" element={<InvitationPage />} />
      <Route path="/unsubscribe/:token" element={<UnsubscribePage />} />
    </Route>
    <Route path="/setup" element={<Navigate to="/" replace />} />
    <Route element={<RequireSignIn />}>
      <Route element={<PageOutlet />}>
        <Route index element={<HomePage />} />
        <Route path="/people" element={<DirectoryPage />} />
        <Route path="/people/:id" element={<PersonPage />} />
        <Route path="/me" element={<MyProfileRedirect />} />
        <Route path="/profile" element={<MyProfilePage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route path="/account/notifications" element={<MessagePreferencesPage />} />
        <Route path="/mentoring" element={<MentoringPage />} />
        <Route path="/mentoring/:tab" element={<MentoringPage />} />
        <Route path="/mentoring/relationships/:id" element={<WorkspacePage />} />
        <Route path="/mentoring/relationships/:id/:tab" element={<WorkspacePage />} />
        <Route path="/groups/:id" element={<GroupWorkspacePage />} />
        <Route path="/groups/:id/:tab" element={<GroupWorkspacePage />} />
        <Route path="/mentoring/programs/:id/enrol" element={<EnrolPage />} />
        <Route path="/mentoring/enrolments/:enrolmentId/edit" element={<EditEnrolmentPage />} />
        <Route path="/mentoring/programs/:id/mentors" element={<SuggestionsPage />} />
        <Route path="/mentoring/programs/:id/groups" element={<FindGroupPage />} />
        <Route path="/mentoring/programs/:id/flash" element={<BookFlashPage />} />
        <Route path="/mentoring/programs/:id/flash/availability" element={<FlashAvailabilityPage />} />
        <Route path="/programs" element={<ProgramsPage />} />
        <Route path="/programs/:id/runs/compare" element={<ComparePage />} />
        <Route path="/programs/:id/runs/:runId" element={<RunPage />} />
        <Route path="/programs/:id" element={<ProgramDetailPage />} />
        <Route path="/programs/:id/:tab" element={<ProgramDetailPage />} />
        <Route path="/outcomes" element={<OutcomesPage />} />
        <Route element={<RequireAdmin />}>
          <Route path="/import" element={<ImportPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/mailbox" element={<MailboxPage />} />
          <Route path="/mailbox/:id" element={<MailboxPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Route>
  </>
);

// The page of the address the app opens on starts loading with the app, not once the session is known. A failure
// is the page's to show when it renders (it loads again then), not an unhandled rejection here.
for (const match of matchRoutes(createRoutesFromElements(appRoutes), window.location.pathname) ?? [])
  pageOf(match.route.element)
    ?.preload()
    .catch(() => {});

function AppRoutes() {
  const setup = useSetupStatus();
  if (setup.isPending) {
    return (
      <FullPage>
        <LoadingState label="Starting Trellis…" />
      </FullPage>
    );
  }
  if (setup.isError) {
    return (
      <FullPage>
        <ErrorState error={setup.error} title="Trellis is not reachable" onRetry={() => setup.refetch()} />
      </FullPage>
    );
  }
  if (setup.data.needsSetup) {
    return (
      <Routes>
        <Route element={<PageOutlet fullPage />}>
          <Route path="/setup" element={<FirstRunPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
    );
  }
  return <Routes>{appRoutes}</Routes>;
}

function PublicOnly() {
  const me = useMe();
  if (me.isPending) return null;
  if (me.data) return <Navigate to="/" replace />;
  return <Outlet />;
}

function RequireSignIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <FullPage>
        <LoadingState />
      </FullPage>
    );
  }
  if (me.isError) {
    return (
      <FullPage>
        <ErrorState error={me.error} onRetry={() => me.refetch()} />
      </FullPage>
    );
  }
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    const target =
      next === '/' || next === '/people' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return <AppFrame me={me.data} />;
}

function RequireAdmin() {
  const me = useMe();
  if (me.data?.role !== 'admin') {
    return (
      <EmptyState
        order={1}
        title="This page is for administrators"
        description="Ask an administrator of your organisation if you need access."
      >
        <Button component="a" href="/" variant="default">
          Go to your home
        </Button>
      </EmptyState>
    );
  }
  return <Outlet />;
}

function MyProfileRedirect() {
  const me = useMe();
  if (me.data?.personId) return <Navigate to={`/people/${me.data.personId}`} replace />;
  return (
    <EmptyState
      order={1}
      title="Your account is not linked to a person yet"
      description="An administrator links accounts to the people directory when importing or inviting."
    />
  );
}
