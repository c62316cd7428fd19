/**
 * Who may call each API route, checked before the body is validated so a signed-out caller always gets 401 and a
 * member 403 on admin routes, whatever they send. The services check again (they are the guard of record); this
 * table is the one place a reviewer reads the policy, and the authorisation test fails on any route missing here.
 */
type RouteAccess = 'public' | 'member' | 'admin';

export const routeAccess: Record<string, RouteAccess> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/setup': 'public',
  'POST /api/setup': 'public',
  'POST /api/setup/demo': 'public',
  'POST /api/auth/sign-in': 'public',
  'POST /api/auth/sign-out': 'public',
  'GET /api/auth/me': 'member',
  'POST /api/auth/password-reset': 'public',
  'GET /api/auth/password-reset/:token': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'GET /api/auth/invitations/:token': 'public',
  'POST /api/auth/invitations/accept': 'public',
  'GET /api/auth/sessions': 'member',
  'DELETE /api/auth/sessions/:id': 'member',
  'POST /api/auth/password': 'member',

  'GET /api/users': 'admin',
  'POST /api/users/invitations': 'admin',
  'POST /api/users/:id/invitation': 'admin',
  'POST /api/users/invitations/bulk/preview': 'admin',
  'POST /api/users/invitations/bulk': 'admin',
  'GET /api/users/invitations/bulk': 'admin',
  'GET /api/users/invitations/pending': 'admin',
  'POST /api/users/invitations/resend': 'admin',
  'PATCH /api/users/:id': 'admin',
  'POST /api/users/:id/password-reset': 'admin',
  'GET /api/audit': 'admin',

  'GET /api/mailbox': 'admin',
  'GET /api/mailbox/:id': 'admin',

  'GET /api/people': 'member',
  'GET /api/people/facets': 'member',
  'GET /api/people/:id': 'member',
  'POST /api/people': 'admin',
  'PATCH /api/people/:id': 'admin',
  'POST /api/people/:id/deactivate': 'admin',
  'POST /api/people/:id/reactivate': 'admin',
  'DELETE /api/people/:id': 'admin',
  'GET /api/people/:id/export': 'admin',

  'POST /api/people/imports': 'admin',
  'POST /api/people/imports/preview': 'admin',
  'GET /api/people/imports': 'admin',
  'GET /api/people/imports/:id': 'admin',
  'POST /api/people/imports/career-events': 'admin',
  'GET /api/people/:id/career-events': 'admin',

  // The caller's own home; staff parts only for the programs they run (home.service.ts).
  'GET /api/home': 'member',

  'GET /api/notifications': 'member',
  'POST /api/notifications/read': 'member',
  'GET /api/me/message-preferences': 'member',
  'PUT /api/me/message-preferences': 'member',
  'GET /api/unsubscribe/:token': 'public',
  'POST /api/unsubscribe/:token': 'public',

  // Programs (§2): admins create and delete, assign coordinators, curate skills; program staff routes are 'member'
  // here because coordinators are members: the services call programForStaff.
  'GET /api/programs': 'member',
  'POST /api/programs': 'admin',
  'GET /api/programs/:id': 'member',
  'PATCH /api/programs/:id': 'member',
  'DELETE /api/programs/:id': 'admin',
  'POST /api/programs/:id/transitions': 'member',
  'GET /api/programs/:id/close-preview': 'member',
  'GET /api/programs/:id/coordinators': 'member',
  'POST /api/programs/:id/coordinators': 'admin',
  'DELETE /api/programs/:id/coordinators/:userId': 'admin',
  'GET /api/programs/:id/questions': 'member',
  'POST /api/programs/:id/questions': 'member',
  'POST /api/programs/:id/questions/order': 'member',
  'PATCH /api/programs/:id/questions/:questionId': 'member',
  'DELETE /api/programs/:id/questions/:questionId': 'member',
  'GET /api/skills': 'member',
  'POST /api/skills': 'admin',
  'DELETE /api/skills/:id': 'admin',
  // Enrolment: people enrol themselves; program staff act on enrolments of their programs (the services decide).
  'POST /api/programs/:id/enrolments': 'member',
  'GET /api/programs/:id/enrolments': 'member',
  'POST /api/programs/:id/enrolments/bulk': 'member',
  'POST /api/programs/:id/enrolments/import': 'member',
  'POST /api/programs/:id/enrolments/import/preview': 'member',
  'POST /api/programs/:id/enrolments/decisions': 'member',
  'GET /api/me/enrolments': 'member',
  'GET /api/enrolments/:id': 'member',
  'PATCH /api/enrolments/:id': 'member',
  'POST /api/enrolments/:id/withdraw': 'member',
  'POST /api/enrolments/:id/approve': 'member',
  'POST /api/enrolments/:id/reject': 'member',
  // A person's own mentoring profile (only ever the caller's); thin profiles before a run (program staff, checked in
  // the service).
  'GET /api/me/mentoring-profile': 'member',
  'PUT /api/me/mentoring-profile': 'member',
  'GET /api/programs/:id/profile-gaps': 'member',
  'POST /api/programs/:id/profile-gaps/reminders': 'member',

  // Self-select and relationships: members; the services decide (mentee of the program, one side, or staff).
  'GET /api/programs/:id/suggestions': 'member',
  'GET /api/programs/:id/mentors': 'member',
  'POST /api/programs/:id/requests': 'member',
  'GET /api/me/requests': 'member',
  'POST /api/requests/:id/accept': 'member',
  'POST /api/requests/:id/decline': 'member',
  'POST /api/requests/:id/ask-info': 'member',
  'POST /api/requests/:id/answer': 'member',
  'POST /api/requests/:id/withdraw': 'member',
  'GET /api/me/relationships': 'member',
  'GET /api/relationships/:id': 'member',
  'POST /api/relationships/:id/complete': 'member',
  'POST /api/relationships/:id/end': 'member',
  'POST /api/relationships/:id/reassign': 'member',
  'GET /api/programs/:id/relationships': 'member',
  'GET /api/programs/:id/relationship-health': 'member',
  'GET /api/programs/:id/relationships.csv': 'member',
  // People who left the organisation: program staff end their open relationships (decision 016); admins per person.
  'GET /api/programs/:id/leavers': 'member',
  'POST /api/programs/:id/leavers/end': 'member',
  'GET /api/people/:id/leaver-relationships': 'admin',
  'POST /api/people/:id/leaver-relationships/end': 'admin',
  // Mentoring groups (decision 032): members; the services decide (program staff, the group's mentor, its members,
  // the program's approved mentees and mentors for self-select).
  'GET /api/programs/:id/groups': 'member',
  'POST /api/programs/:id/groups': 'member',
  'POST /api/programs/:id/groups/open': 'member',
  'GET /api/programs/:id/open-groups': 'member',
  'GET /api/me/groups': 'member',
  'GET /api/groups/:id/membership': 'member',
  'PATCH /api/groups/:id/details': 'member',
  'POST /api/groups/:id/members': 'member',
  'DELETE /api/groups/:id/members/:enrolmentId': 'member',
  'POST /api/groups/:id/close': 'member',
  'POST /api/groups/:id/join': 'member',
  'POST /api/groups/:id/leave': 'member',

  // Group workspace (issue 14): the group's members only, staff get 404 like strangers; the services decide
  // (src/server/features/groups/group-access.ts).
  'GET /api/groups/:id/workspace': 'member',
  'GET /api/groups/:id/agreement': 'member',
  'PUT /api/groups/:id/agreement': 'member',
  'POST /api/groups/:id/agreement/sign': 'member',
  'GET /api/groups/:id/goals': 'member',
  'POST /api/groups/:id/goals': 'member',
  'PATCH /api/groups/:id/goals/:goalId': 'member',
  'DELETE /api/groups/:id/goals/:goalId': 'member',
  'GET /api/groups/:id/meetings': 'member',
  'POST /api/groups/:id/meetings': 'member',
  'PATCH /api/groups/:id/meetings/:meetingId': 'member',
  'POST /api/groups/:id/meetings/:meetingId/cancel': 'member',
  'POST /api/groups/:id/meetings/:meetingId/attendance': 'member',
  'GET /api/groups/:id/meetings/:meetingId/ics': 'member',
  'GET /api/groups/:id/notes': 'member',
  'POST /api/groups/:id/notes': 'member',
  'PATCH /api/groups/:id/notes/:noteId': 'member',
  'DELETE /api/groups/:id/notes/:noteId': 'member',

  // Matching criteria and match runs: program staff (admins and the program's coordinators); the services decide.
  'GET /api/programs/:id/criteria': 'member',
  'PUT /api/programs/:id/criteria': 'member',
  'POST /api/programs/:id/criteria/preview': 'member',
  'POST /api/programs/:id/match-runs': 'member',
  'GET /api/programs/:id/match-runs': 'member',
  'GET /api/programs/:id/match-runs/compare': 'member',
  'GET /api/programs/:id/match-runs/:runId': 'member',
  'GET /api/programs/:id/match-runs/:runId/pairs': 'member',
  'GET /api/programs/:id/match-runs/:runId/groups': 'member',
  'GET /api/programs/:id/match-runs/:runId/pairs.csv': 'member',
  'GET /api/programs/:id/match-runs/:runId/pairs/:menteeEnrolmentId/explanation': 'member',
  'POST /api/programs/:id/match-runs/:runId/edits': 'member',
  'POST /api/programs/:id/match-runs/:runId/publish': 'member',

  // Pair workspace (§6): the pair reads and writes their own workspace, staff see aggregates; the services decide
  // (src/server/features/workspace/workspace-access.ts). One section per feature.
  // -- workspace
  'GET /api/relationships/:id/workspace': 'member',
  'GET /api/relationships/:id/timeline': 'member',
  // -- agreements
  'GET /api/programs/:id/agreement-template': 'member',
  'PUT /api/programs/:id/agreement-template': 'member',
  'GET /api/relationships/:id/agreement': 'member',
  'PUT /api/relationships/:id/agreement': 'member',
  'POST /api/relationships/:id/agreement/sign': 'member',
  'GET /api/relationships/:id/agreement/versions/:version': 'member',
  // -- goals
  'GET /api/relationships/:id/goals': 'member',
  'POST /api/relationships/:id/goals': 'member',
  'PATCH /api/goals/:id': 'member',
  'DELETE /api/goals/:id': 'member',
  'POST /api/goals/:id/milestones': 'member',
  'PATCH /api/goals/:id/milestones/:milestoneId': 'member',
  'DELETE /api/goals/:id/milestones/:milestoneId': 'member',
  // -- meetings
  'GET /api/relationships/:id/meetings': 'member',
  'POST /api/relationships/:id/meetings': 'member',
  'GET /api/meetings/:id': 'member',
  'PATCH /api/meetings/:id': 'member',
  'POST /api/meetings/:id/cancel': 'member',
  'POST /api/meetings/:id/held': 'member',
  'POST /api/meetings/:id/no-show': 'member',
  'GET /api/meetings/:id/ics': 'member',
  'POST /api/meetings/:id/agenda/prompts': 'member',
  'POST /api/meetings/:id/feedback': 'member',
  'GET /api/relationships/:id/action-items': 'member',
  'POST /api/relationships/:id/action-items': 'member',
  'PATCH /api/action-items/:id': 'member',
  'DELETE /api/action-items/:id': 'member',
  // -- notes
  'GET /api/relationships/:id/notes': 'member',
  'POST /api/relationships/:id/notes': 'member',
  'PATCH /api/notes/:id': 'member',
  'DELETE /api/notes/:id': 'member',
  // -- surveys
  'GET /api/relationships/:id/surveys': 'member',
  'POST /api/relationships/:id/surveys/check-in': 'member',
  'POST /api/relationships/:id/surveys/closing': 'member',
  'POST /api/relationships/:id/rematch-request': 'member',
  'GET /api/programs/:id/feedback': 'member',
  'GET /api/programs/:id/attention': 'member',
  'POST /api/survey-responses/:id/resolve': 'member',
  // Reminders and nudges of a program: its staff (the service calls programForStaff).
  'GET /api/programs/:id/message-settings': 'member',
  'PUT /api/programs/:id/message-settings': 'member',
  'GET /api/programs/:id/messages/scheduled': 'member',
  'GET /api/programs/:id/messages/sent': 'member',
  // A program's launch email: its staff (the service calls programForStaff).
  'GET /api/programs/:id/launch-email': 'member',
  'POST /api/programs/:id/launch-email/preview': 'member',
  'POST /api/programs/:id/launch-email': 'member',
  // -- resources
  'GET /api/programs/:id/resources': 'member',
  'POST /api/programs/:id/resources': 'member',
  'PATCH /api/resources/:id': 'member',
  'DELETE /api/resources/:id': 'member',
  'POST /api/resources/:id/completion': 'member',
  'DELETE /api/resources/:id/completion': 'member',

  // Program dashboard (program staff; the service calls programForStaff) and the organisation overview (admins:
  // every program; coordinators: theirs; the service decides). Settings: admins.
  'GET /api/programs/:id/dashboard': 'member',
  'GET /api/programs/:id/dashboard.csv': 'member',
  'GET /api/analytics/overview': 'member',
  'GET /api/analytics/overview.csv': 'member',
  'GET /api/analytics/settings': 'admin',
  'PUT /api/analytics/settings': 'admin',

  // Outcomes (§8): admins for any program or all; coordinators for their programs (outcomes.service.ts decides).
  'GET /api/outcomes': 'member',
  'GET /api/outcomes.csv': 'member',
  'GET /api/outcomes/programs': 'member',
  'GET /api/outcomes/diversity': 'member',
  'GET /api/outcomes/diversity.csv': 'member',
  'GET /api/programs/:id/skills-change': 'member',
  'GET /api/programs/:id/skills-change.csv': 'member',
};

/** Routes not in the table need a signed-in caller: forgetting a route fails closed. */
export function accessOf(method: string, url: string): RouteAccess {
  return routeAccess[`${method} ${url}`] ?? 'member';
}
