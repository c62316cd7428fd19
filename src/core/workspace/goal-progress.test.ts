import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampPercent, goalProgress, milestoneJustReached, nextGoalStatus } from './goal-progress.ts';

const m = (...reached: boolean[]) => reached.map((r) => ({ reached: r }));

describe('goalProgress', () => {
  it('counts reached milestones in milestones mode, rounded to a whole percent', () => {
    assert.equal(
      goalProgress({
        status: 'on_track',
        progressMode: 'milestones',
        progressPercent: 90,
        milestones: m(true, false, false),
      }),
      33,
    );
    assert.equal(
      goalProgress({
        status: 'on_track',
        progressMode: 'milestones',
        progressPercent: 0,
        milestones: m(true, true),
      }),
      100,
    );
  });

  it('is 0 in milestones mode with no milestones, whatever the hand-set percent', () => {
    assert.equal(
      goalProgress({ status: 'on_track', progressMode: 'milestones', progressPercent: 70, milestones: [] }),
      0,
    );
  });

  it('uses the hand-set percent in percent mode, ignoring milestones', () => {
    assert.equal(
      goalProgress({
        status: 'at_risk',
        progressMode: 'percent',
        progressPercent: 40,
        milestones: m(true, true),
      }),
      40,
    );
  });

  it('is 100 for a done goal in either mode', () => {
    assert.equal(
      goalProgress({ status: 'done', progressMode: 'percent', progressPercent: 10, milestones: [] }),
      100,
    );
    assert.equal(
      goalProgress({ status: 'done', progressMode: 'milestones', progressPercent: 0, milestones: m(false) }),
      100,
    );
  });

  it('keeps a dropped goal at the progress it had', () => {
    assert.equal(
      goalProgress({
        status: 'dropped',
        progressMode: 'milestones',
        progressPercent: 0,
        milestones: m(true, false),
      }),
      50,
    );
  });

  it('always returns a whole number between 0 and 100', () => {
    for (let total = 1; total <= 12; total += 1) {
      for (let reached = 0; reached <= total; reached += 1) {
        const value = goalProgress({
          status: 'on_track',
          progressMode: 'milestones',
          progressPercent: 0,
          milestones: Array.from({ length: total }, (_, i) => ({ reached: i < reached })),
        });
        assert.ok(Number.isInteger(value) && value >= 0 && value <= 100, `${reached}/${total} → ${value}`);
        if (reached === 0) assert.equal(value, 0);
        if (reached === total) assert.equal(value, 100);
      }
    }
    assert.equal(clampPercent(140), 100);
    assert.equal(clampPercent(-3), 0);
    assert.equal(clampPercent(Number.NaN), 0);
  });
});

describe('nextGoalStatus', () => {
  const now = new Date('2026-05-01T10:00:00Z');
  const earlier = new Date('2026-04-01T10:00:00Z');

  it('stamps completedAt and celebrates when a goal becomes done', () => {
    assert.deepEqual(
      nextGoalStatus({ current: 'on_track', completedAt: null, requested: 'done', progressAfter: 50, now }),
      { status: 'done', completedAt: now, justDone: true },
    );
  });

  it('does not celebrate twice or move completedAt when a done goal is saved again', () => {
    assert.deepEqual(
      nextGoalStatus({ current: 'done', completedAt: earlier, requested: 'done', progressAfter: 100, now }),
      { status: 'done', completedAt: earlier, justDone: false },
    );
    assert.deepEqual(nextGoalStatus({ current: 'done', completedAt: earlier, progressAfter: 100, now }), {
      status: 'done',
      completedAt: earlier,
      justDone: false,
    });
  });

  it('clears completedAt when a done goal is reopened', () => {
    assert.deepEqual(
      nextGoalStatus({
        current: 'done',
        completedAt: earlier,
        requested: 'on_track',
        progressAfter: 60,
        now,
      }),
      { status: 'on_track', completedAt: null, justDone: false },
    );
  });

  it('moves a not-started goal to on track once it shows progress, unless a status was chosen', () => {
    assert.equal(
      nextGoalStatus({ current: 'not_started', completedAt: null, progressAfter: 20, now }).status,
      'on_track',
    );
    assert.equal(
      nextGoalStatus({ current: 'not_started', completedAt: null, progressAfter: 0, now }).status,
      'not_started',
    );
    assert.equal(
      nextGoalStatus({
        current: 'not_started',
        completedAt: null,
        requested: 'not_started',
        progressAfter: 20,
        now,
      }).status,
      'not_started',
    );
    assert.equal(
      nextGoalStatus({ current: 'at_risk', completedAt: null, progressAfter: 20, now }).status,
      'at_risk',
    );
  });
});

describe('milestoneJustReached', () => {
  it('is true only when an unreached milestone is ticked', () => {
    assert.equal(milestoneJustReached({ reachedAt: null }, true), true);
    assert.equal(milestoneJustReached({ reachedAt: new Date() }, true), false);
    assert.equal(milestoneJustReached({ reachedAt: null }, false), false);
    assert.equal(milestoneJustReached({ reachedAt: null }, undefined), false);
  });
});
