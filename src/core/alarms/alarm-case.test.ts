import { describe, expect, it } from 'vitest';
import { alarmFigures, alarmStepProblem, deviceAlertOf, escalationDue, median } from './alarm-case.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 5, 2, 0, 0) + s * 1000);

describe('alarm case steps', () => {
  it('is acknowledged once, worked only once acknowledged, and stays closed', () => {
    expect(alarmStepProblem('open', 'acknowledge')).toBeNull();
    expect(alarmStepProblem('acknowledged', 'acknowledge')).toBe('not_open');
    expect(alarmStepProblem('open', 'act')).toBe('not_acknowledged');
    expect(alarmStepProblem('open', 'close')).toBe('not_acknowledged');
    expect(alarmStepProblem('acknowledged', 'act')).toBeNull();
    expect(alarmStepProblem('acknowledged', 'close')).toBeNull();
    for (const s of ['acknowledge', 'act', 'close'] as const) expect(alarmStepProblem('closed', s)).toBe('closed');
  });
});

describe('escalation', () => {
  it('is due for an open case waiting at least the limit, once', () => {
    const c = { state: 'open' as const, raisedAt: at(0), escalatedAt: null };
    expect(escalationDue(c, at(59), 60)).toBe(false);
    expect(escalationDue(c, at(60), 60)).toBe(true);
    expect(escalationDue({ ...c, escalatedAt: at(60) }, at(120), 60)).toBe(false);
    expect(escalationDue({ ...c, state: 'acknowledged' }, at(120), 60)).toBe(false);
  });
});

describe('figures', () => {
  it('counts an unanswered case against the shares and takes medians of those answered', () => {
    const f = alarmFigures(
      [
        { raisedAt: at(0), acknowledgedAt: at(30), closedAt: at(600) },
        { raisedAt: at(0), acknowledgedAt: at(90), closedAt: at(1200) },
        { raisedAt: at(0), acknowledgedAt: at(200), closedAt: null },
        { raisedAt: at(0), acknowledgedAt: null, closedAt: null },
      ],
      { target60Percent: 97.5, target180Percent: 99 },
    );
    expect(f).toMatchObject({
      count: 4,
      acknowledged: 3,
      closed: 2,
      within60Percent: 25,
      within180Percent: 50,
      meets60: false,
      meets180: false,
      medianAckSeconds: 90,
      medianCloseSeconds: 900,
    });
    expect(alarmFigures([], { target60Percent: 97.5, target180Percent: 99 })).toMatchObject({
      count: 0,
      within60Percent: null,
      meets60: null,
      medianAckSeconds: null,
    });
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('device alerts', () => {
  it('calls a terminal offline after the silence limit and low below the battery threshold', () => {
    const rules = { deviceOfflineHours: 24, lowBatteryPercent: 20 };
    const now = at(25 * 3600);
    expect(deviceAlertOf({ lastSeenAt: at(0), battery: 19, createdAt: at(0) }, now, rules)).toEqual({
      offline: true,
      lowBattery: true,
    });
    expect(deviceAlertOf({ lastSeenAt: at(2 * 3600), battery: 20, createdAt: at(0) }, now, rules)).toEqual({
      offline: false,
      lowBattery: false,
    });
  });
});
