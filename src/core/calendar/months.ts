// Calendar months as YYYY-MM: their last day and their neighbours.
import { addDays } from './working-days.js';

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
export const monthEnd = (month: string) => addDays(`${nextMonth(month)}-01`, -1);
