import { longestScheduleGapSeconds, scheduleEvery } from './cronInterval';

describe('longestScheduleGapSeconds', () => {
  it.each([
    ['*/5 * * * *', 300],
    ['*/10 * * * *', 600],
    ['0 * * * *', 3600],
    ['@hourly', 3600],
    ['15 */6 * * *', 6 * 3600],
    ['0 0 * * *', 86400],
    ['30 2 * * MON-FRI', 3 * 86400],
    ['*/7 * * * *', 420],
    ['0,5,30 * * * *', 30 * 60],
    ['0 9 1 * 1', 7 * 86400],
    ['0 0 1 JAN,JUL ?', 184 * 86400],
    ['0 0 29 2 *', (4 * 365 + 1) * 86400],
  ])('%s: %d s', (schedule, seconds) => {
    expect(longestScheduleGapSeconds(schedule)).toBe(seconds);
  });

  it.each([
    ['61 * * * *', /cannot read the minute field "61"/],
    ['* * * FOO *', /cannot read the month field "FOO"/],
    ['*/0 * * * *', /cannot read the minute field/],
    ['0 0 31 2 *', /never runs twice/],
  ])('refuses %s', (schedule, message) => {
    expect(() => longestScheduleGapSeconds(schedule)).toThrow(message);
  });
});

describe('scheduleEvery', () => {
  it.each([
    [60, '* * * * *'],
    [300, '*/5 * * * *'],
    [3600, '0 * * * *'],
    [7200, '0 */2 * * *'],
    [86400, '0 0 * * *'],
    [420, undefined],
    [90, undefined],
  ])('%d s: %s', (seconds, schedule) => {
    expect(scheduleEvery(seconds)).toBe(schedule);
  });
});
