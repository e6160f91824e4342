/** Working-day deadlines from config/holidays.json: weekends and public holidays skipped, make-up days counted. */
import { deadlineOf, loadCalendar } from '../../server/src/working-days/calendar';

const calendar = loadCalendar();

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
    expect(deadlineOf(calendar, submitted, 1, new Date('2025-10-03T02:00:00Z'))).toEqual({ due: '2025-10-09', left: 1, overdue: false });
    expect(deadlineOf(calendar, submitted, 1, new Date('2025-10-09T02:00:00Z'))).toEqual({ due: '2025-10-09', left: 0, overdue: false });
    expect(deadlineOf(calendar, submitted, 1, new Date('2025-10-10T02:00:00Z'))).toEqual({ due: '2025-10-09', left: -1, overdue: true });
  });
});
