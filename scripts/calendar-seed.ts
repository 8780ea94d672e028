// Prints the SQL that seeds the official holiday schedule for the given years from the
// chinese-days package, for a migration. The table is then the admin's to edit.
//   npx tsx scripts/calendar-seed.ts 2025 2026
import chineseDays from 'chinese-days';

const years = process.argv.slice(2).map(Number);
const rows: string[] = [];
for (const y of years) {
  for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d = new Date(d.getTime() + 86_400_000)) {
    const iso = d.toISOString().slice(0, 10);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const working = chineseDays.isWorkday(iso);
    if (weekend === working) {
      const name = chineseDays.getDayDetail(iso).name.split(',')[1] ?? '';
      rows.push(`('${iso}', '${working ? 'workday' : 'holiday'}', '${name}${working ? '调休上班' : ''}')`);
    }
  }
}
console.log(`INSERT INTO calendar_days (day, kind, name) VALUES\n  ${rows.join(',\n  ')};`);
