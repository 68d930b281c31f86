// A date inside a case reference is most likely a date of birth typed into the wrong field, and the
// reference is shown on every card: "2012-05-17", "17/05/2012", "C-17-05-12".
const YEAR_FIRST = /(?:^|\D)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const DAY_FIRST = /(?:^|\D)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?!\d)/;

function isDayAndMonth(day: number, month: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Whether a case reference holds something that reads as a calendar date. */
export function containsDate(ref: string): boolean {
  const yearFirst = YEAR_FIRST.exec(ref);
  if (yearFirst && isDayAndMonth(Number(yearFirst[3]), Number(yearFirst[2]))) return true;
  const dayFirst = DAY_FIRST.exec(ref);
  return dayFirst !== null && isDayAndMonth(Number(dayFirst[1]), Number(dayFirst[2]));
}
