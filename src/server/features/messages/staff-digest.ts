import { channelFor, type MessageChannel } from '../../../core/messages/categories.ts';
import { intoWakingHours } from '../../../core/messages/quiet-hours.ts';
import { utcToZonedTime } from '../../../core/time-zones.ts';
import type { Actor, AppContext } from '../../context.ts';
import { getHome } from '../home/home.service.ts';
import { enqueueEmail, renderDigestEmail } from '../mail/mail.service.ts';
import { messageSettingsFor, unsubscribeTokenFor } from '../notifications/notifications.service.ts';
import { programPairHealth } from '../relationships/pair-health.service.ts';
import { lastStaffDigestTo, lockStaffDigest, programWeeks, staffAccounts } from './messages.repository.ts';
import { unsubscribeHeaders, unsubscribeLinks } from './unsubscribe-urls.ts';

/**
 * The weekly digest to the people who run programs (issue 11): per program they staff, the week's new pairs, the
 * pairs that need attention (the pair-health rules), escalations, meeting ratings and check-ins, and what waits for
 * them (the same items as their home). Sent on Monday in their waking hours, at most once a week, and not at all
 * when none of their programs has anything to say. A program can switch it off (`staff_digest` in its settings).
 */

const WEEK = 7 * 24 * 3_600_000;
const slack = 2 * 3_600_000;

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function isMonday(now: Date, timeZone: string): boolean {
  const { date } = utcToZonedTime(now, timeZone);
  return new Date(`${date}T12:00:00Z`).getUTCDay() === 1;
}

export async function sendStaffDigests(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  const since = new Date(now.getTime() - WEEK);
  let sent = 0;
  for (const staff of await staffAccounts(ctx.db)) {
    const zone = staff.timeZone ?? 'UTC';
    if (!isMonday(now, zone) || intoWakingHours(now, zone).getTime() !== now.getTime()) continue;
    const last = await lastStaffDigestTo(ctx.db, staff.organisationId, staff.email);
    if (last && now.getTime() - last.getTime() < WEEK - slack) continue;
    // Staff with a directory profile choose like everyone else (category "Programs you run") and can unsubscribe
    // in one click; an account without one can only have it switched off per program.
    const settings = staff.personId
      ? await messageSettingsFor(ctx.db, { organisationId: staff.organisationId, personId: staff.personId })
      : null;
    if (
      settings &&
      channelFor('staff_digest', settings.channels as Partial<Record<string, MessageChannel>>) !== 'email'
    )
      continue;
    const links = settings ? unsubscribeLinks(ctx, unsubscribeTokenFor(settings, 'program_staff')) : null;

    const actor: Actor = {
      userId: staff.userId,
      organisationId: staff.organisationId,
      role: staff.role,
      personId: staff.personId,
      email: staff.email,
      name: staff.name,
    };
    const home = await getHome(ctx, actor, { timeZone: zone });
    const programs = home.staff?.programs ?? [];
    if (programs.length === 0) continue;
    const weeks = await programWeeks(
      ctx.db,
      staff.organisationId,
      programs.map((p) => p.id),
      since,
    );
    const sections = [];
    for (const program of programs) {
      const week = weeks.get(program.id);
      if (!week?.digestEnabled) continue;
      const health = await programPairHealth(ctx, actor, program.id, { page: 1, pageSize: 1, sort: 'risk' });
      const items: { title: string; body?: string; url?: string }[] = [];
      const url = (path: string) => `${ctx.config.publicUrl}${path}`;
      if (week.newPairs > 0)
        items.push({ title: `${plural(week.newPairs, 'new pair', 'new pairs')} started this week` });
      const attention = health.counts.at_risk + health.counts.inactive;
      if (attention > 0)
        items.push({
          title: `${plural(attention, 'pair needs', 'pairs need')} attention`,
          body: `${health.counts.at_risk} at risk, ${health.counts.inactive} inactive, ${health.counts.needs_check_in} due a check-in.`,
          url: url(`/programs/${program.id}/relationships`),
        });
      if (week.escalations > 0)
        items.push({
          title: `${plural(week.escalations, 'escalation', 'escalations')}: pairs still quiet after a nudge`,
          url: url(`/programs/${program.id}/relationships`),
        });
      if (week.ratings > 0)
        items.push({
          title: `${plural(week.ratings, 'meeting rated', 'meetings rated')}, ${week.meanRating?.toFixed(1)} out of 5 on average`,
          url: url(`/programs/${program.id}/feedback`),
        });
      if (week.checkIns > 0)
        items.push({
          title: `${plural(week.checkIns, 'check-in answered', 'check-ins answered')}`,
          ...(week.rematchWishes > 0
            ? { body: `${plural(week.rematchWishes, 'person asks', 'people ask')} for a rematch.` }
            : {}),
          url: url(`/programs/${program.id}/feedback`),
        });
      for (const need of program.needs)
        items.push({ title: `Next step: ${need.title}`, url: url(need.link) });
      if (items.length > 0) sections.push({ title: program.name, items });
    }
    if (sections.length === 0) continue;

    const rendered = await renderDigestEmail({
      organisationName: staff.organisationName,
      recipientName: staff.name,
      heading: 'Your programs this week',
      intro: `What happened in ${plural(sections.length, 'program', 'programs')} you run since last Monday, and what waits for you.`,
      sections,
      action: { label: 'Open Trellis', url: `${ctx.config.publicUrl}/` },
      ...(links ? { unsubscribe: { url: links.page, categoryLabel: 'Programs you run' } } : {}),
    });
    const queued = await ctx.db.transaction(async (tx) => {
      // Two processes may reach the same account at once: one sends, the other sees it sent.
      await lockStaffDigest(tx, staff.userId);
      const again = await lastStaffDigestTo(tx, staff.organisationId, staff.email);
      if (again && now.getTime() - again.getTime() < WEEK - slack) return false;
      await enqueueEmail(tx, {
        organisationId: staff.organisationId,
        to: staff.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        kind: 'staff_digest',
        now,
        ...(staff.personId ? { personId: staff.personId } : {}),
        ...(links ? { headers: unsubscribeHeaders(links.oneClick) } : {}),
      });
      return true;
    });
    if (queued) sent += 1;
  }
  return sent;
}
