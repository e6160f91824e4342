/** Working-day deadlines from config/holidays.json: weekends and public holidays skipped, make-up days counted. */
import { existsSync, readFileSync } from 'node:fs';
import { deadlineOf, loadCalendar } from '../../server/src/working-days/calendar';

const calendar = loadCalendar();
/** The team's shared copy of the State Council data, beside the project (absent outside this workspace). */
const SHARED_HOLIDAYS = `${__dirname}/../../../shared/data/cn-holidays.json`;

describe('the working-day calendar', () => {
  it('knows weekends, public holidays and make-up working days', () => {
    expect(calendar.isWorkingDay('2025-09-26')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-09-27')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休上班
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false); // 国庆节, a Wednesday
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休上班
  });

  it('counts 1 working day for contact changes across the National Day holiday', () => {
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
  });

  it('counts 7 working days for manual review', () => {
    // 9/28 (make-up), 9/29, 9/30, 10/9, 10/10, 10/11 (make-up), 10/13
    expect(calendar.addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
    expect(calendar.addWorkingDays('2025-06-06', 7)).toBe('2025-06-17');
  });

  it('gives the deadline of an item and the working days left, Asia/Shanghai dates', () => {
    // Submitted on 2025-09-30 23:30 in Shanghai (15:30 UTC): the day is 30 September.
    const submitted = new Date('2025-09-30T15:30:00Z');
    expect(deadlineOf(calendar, submitted, 1, new Date('2025-10-03T02:00:00Z'))).toEqual({ due: '2025-10-09', left: 1, overdue: false, beyondCalendar: null });
    expect(deadlineOf(calendar, submitted, 1, new Date('2025-10-09T02:00:00Z'))).toEqual({ due: '2025-10-09', left: 0, overdue: false, beyondCalendar: null });
    expect(deadlineOf(calendar, submitted, 1, new Date('2025-10-10T02:00:00Z'))).toEqual({ due: '2025-10-09', left: -1, overdue: true, beyondCalendar: null });
  });

  it('warns staff when a deadline runs past the last year of the calendar, and not inside it', () => {
    const lastYear = Math.max(...calendar.years.map(Number));
    const inside = deadlineOf(calendar, new Date(`${lastYear}-06-01T02:00:00Z`), 7, new Date(`${lastYear}-06-02T02:00:00Z`));
    expect(inside.beyondCalendar).toBeNull();
    // Submitted on the last day of the calendar: the deadline falls in the next year, counted Monday to Friday.
    const across = deadlineOf(calendar, new Date(`${lastYear}-12-31T02:00:00Z`), 7, new Date(`${lastYear}-12-31T03:00:00Z`));
    expect(across.due.startsWith(String(lastYear + 1))).toBe(true);
    expect(across.beyondCalendar).toContain('期限超出节假日安排的范围');
    expect(across.beyondCalendar).toContain(`${lastYear}年`);
  });

  (existsSync(SHARED_HOLIDAYS) ? it : it.skip)('covers every year and day of the shared holiday data', () => {
    type Years = Record<string, { holidays: string[]; workdays: string[] }>;
    const shared = JSON.parse(readFileSync(SHARED_HOLIDAYS, 'utf8')) as { years: Years };
    const config = JSON.parse(readFileSync(`${__dirname}/../../config/holidays.json`, 'utf8')) as { years: Years };
    for (const [year, days] of Object.entries(shared.years)) {
      expect(config.years[year]?.holidays.slice().sort()).toEqual(days.holidays.slice().sort());
      expect(config.years[year]?.workdays.slice().sort()).toEqual(days.workdays.slice().sort());
    }
  });
});
