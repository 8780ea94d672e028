// Entitlements: what an elder actually receives from each programme, as dated periods. They
// follow from the policy versions in force, the elder's file and, where a programme requires
// one, the approved application. A period ends where a version ends, where the elder's class
// changes with age, or on the date of death.
import { addDays } from '../calendar/working-days.js';
import { classOn, type Benefit, type PolicyVersion, type ProgrammeCode } from './policy.js';
import type { ElderFacts } from './conditions.js';
import { orderedLevels, type CostShare } from './cost-share.js';

/**
 * Programmes that pay only after an approved application; the others follow from the file.
 * 特困 support follows approval, not the ticked category (001 L30 「在五保对象申请、民主评议、公示、
 * 审核和审批过程中」); the care subsidy is applied for when care actually happens (000 范文2 L69
 * 「发生日常照料护理服务，乡镇人民政府民政部门应向县民政部门申请护理补助资金」). Visiting is for
 * elders who apply (003 方案11 L659 「服務對象:提出申請的獨居、高齡、留守及其他困難老年人」).
 */
export const NEEDS_APPLICATION: ReadonlySet<ProgrammeCode> = new Set([
  'home_care_subsidy',
  'service_voucher',
  'visiting',
  'tekun_support',
  'care_subsidy',
]);

export interface EntitlementPeriod {
  programme: ProgrammeCode;
  versionId: number;
  classCode: string;
  classLabel: string;
  benefit: Benefit;
  costShare: CostShare;
  validFrom: string;
  validTo: string | null;
}

/** How far ahead birthdays are looked at; a recompute runs long before that. */
const HORIZON_YEARS = 5;

function birthdaysBetween(birthDate: string, from: string, to: string): string[] {
  const out: string[] = [];
  const [, m, d] = birthDate.split('-');
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    // 29 February birthdays count from 1 March in common years, as ageOn does.
    const day =
      m === '02' && d === '29' && new Date(Date.UTC(y, 1, 29)).getUTCMonth() !== 1 ? `${y}-03-01` : `${y}-${m}-${d}`;
    if (day > from && day <= to) out.push(day);
  }
  return out;
}

export function computeEntitlements(
  elder: ElderFacts,
  versions: readonly PolicyVersion[],
  approvedFrom: ReadonlyMap<ProgrammeCode, string>,
  from: string,
): EntitlementPeriod[] {
  const periods: EntitlementPeriod[] = [];
  const horizon = `${Number(from.slice(0, 4)) + HORIZON_YEARS}${from.slice(4)}`;
  // Each period is judged as if alive; death only cuts where it ends.
  const alive = { ...elder, deathDate: null };
  for (const v of versions) {
    let start = v.effectiveFrom > from ? v.effectiveFrom : from;
    if (NEEDS_APPLICATION.has(v.programme)) {
      const approved = approvedFrom.get(v.programme);
      if (!approved) continue;
      if (approved > start) start = approved;
    }
    let end = v.effectiveTo;
    // Death ends every entitlement on the date of death.
    if (elder.deathDate && (end === null || elder.deathDate < end)) end = elder.deathDate;
    if (end !== null && start > end) continue;
    // Age and evidence validity change by themselves: evaluate again at each birthday and on
    // the day after a piece of evidence expires.
    const until = end ?? horizon;
    const expiries = elder.categories
      .flatMap((c) => (c.validUntil ? [addDays(c.validUntil, 1)] : []))
      .filter((d) => d > start && d <= until);
    const cuts = [...new Set([...birthdaysBetween(elder.birthDate, start, until), ...expiries])].sort();
    const starts = [start, ...cuts];
    starts.forEach((s, i) => {
      const segEnd = i + 1 < starts.length ? addDays(starts[i + 1], -1) : end;
      const cls = classOn(alive, v, s);
      if (!cls) return;
      const last = periods[periods.length - 1];
      if (
        last &&
        last.programme === v.programme &&
        last.versionId === v.id &&
        last.classCode === cls.code &&
        last.validTo === addDays(s, -1)
      ) {
        last.validTo = segEnd;
      } else {
        periods.push({
          programme: v.programme,
          versionId: v.id,
          classCode: cls.code,
          classLabel: cls.label,
          benefit: cls.benefit,
          costShare: orderedLevels(v.params.costShare),
          validFrom: s,
          validTo: segEnd,
        });
      }
    });
  }
  return periods;
}
