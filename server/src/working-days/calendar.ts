/**
 * Working days (工作日) in mainland China: Monday to Friday, except the State Council's public holidays, plus the
 * official make-up working days (调休上班) that fall on weekends. The calendar is data (config/holidays.json),
 * updated each year when the notice comes out.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root';
import { shanghaiDate } from '../../../shared/src/dates';

export const DEFAULT_HOLIDAYS_FILE = projectPath('config', 'holidays.json');

type CalendarFile = { years: Record<string, { holidays: string[]; workdays: string[] }> };

export type WorkingDayCalendar = {
  isWorkingDay(date: string): boolean;
  /** The date `count` working days after `date` (the day itself not counted). */
  addWorkingDays(date: string, count: number): string;
  /** Working days after `from` up to and including `to`; negative when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number;
  /** The years the calendar knows; dates outside them fall back to Monday–Friday. */
  years: string[];
};

function nextDate(date: string, step = 1): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + step);
  return d.toISOString().slice(0, 10);
}

export function createCalendar(data: CalendarFile): WorkingDayCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const year of Object.values(data.years)) {
    year.holidays.forEach((d) => holidays.add(d));
    year.workdays.forEach((d) => workdays.add(d));
  }
  function isWorkingDay(date: string): boolean {
    if (workdays.has(date)) return true;
    if (holidays.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }
  return {
    isWorkingDay,
    addWorkingDays(date, count) {
      let current = date;
      for (let left = count; left > 0;) {
        current = nextDate(current);
        if (isWorkingDay(current)) left--;
      }
      return current;
    },
    workingDaysBetween(from, to) {
      const sign = to >= from ? 1 : -1;
      const [start, end] = sign === 1 ? [from, to] : [to, from];
      let count = 0;
      for (let d = nextDate(start); d <= end; d = nextDate(d)) if (isWorkingDay(d)) count++;
      return sign * count;
    },
    years: Object.keys(data.years),
  };
}

export function loadCalendar(file = DEFAULT_HOLIDAYS_FILE): WorkingDayCalendar {
  return createCalendar(JSON.parse(readFileSync(file, 'utf8')) as CalendarFile);
}

/**
 * A warning for staff when a deadline was counted over days the calendar does not know (after its last year, or
 * before its first): those were counted Monday to Friday, without that year's holidays. Null when all are known.
 */
export function beyondCalendarWarning(calendar: WorkingDayCalendar, from: string, to: string): string | null {
  const years = calendar.years.map(Number).sort((a, b) => a - b);
  const first = years[0];
  const last = years.at(-1);
  const [start, end] = from <= to ? [from, to] : [to, from];
  if (first === undefined || last === undefined) return '节假日安排未配置，期限按周一至周五计算，请人工核对';
  if (Number(end.slice(0, 4)) <= last && Number(start.slice(0, 4)) >= first) return null;
  return `期限超出节假日安排的范围（已配置${first}—${last}年），超出部分按周一至周五计算，未计入法定节假日和调休，请人工核对；请及时在 config/holidays.json 中补充新一年的安排`;
}

/** A deadline of `workingDays` after the Asia/Shanghai day an item was submitted, and how many are left today. */
export function deadlineOf(calendar: WorkingDayCalendar, submittedAt: Date, workingDays: number, now = new Date()) {
  const submitted = shanghaiDate(submittedAt);
  const due = calendar.addWorkingDays(submitted, workingDays);
  const today = shanghaiDate(now);
  const left = calendar.workingDaysBetween(today, due);
  return { due, left, overdue: today > due, beyondCalendar: beyondCalendarWarning(calendar, submitted, due > today ? due : today) };
}
