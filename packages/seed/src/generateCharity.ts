import { creditCodeCheck } from './checksums.ts';
import { creditCode, personName, phone, placeOf, residentId, type Tree } from './generate.ts';
import { DISTRICT, ORG_WORDS } from './names.ts';
import { rng, type Rng } from './random.ts';

/** Donors, funds and donations for the charity service (its closed lists: donor kinds, fund kinds, gifts). */
export function* donors(seed: number, t: Tree, n: number) {
  const r = rng(seed ^ 0x6006);
  for (let i = 0; i < n; i++) {
    const kind = r.pick(['person', 'person', 'enterprise', 'charity_organization'] as const);
    const common = { disclosureConsent: kind !== 'person' && r.chance(0.7), ...placeOf(r, t) };
    const org = `${r.pick(ORG_WORDS)}${i + 1}`;
    yield kind === 'person'
      ? {
          id: `donor-${i + 1}`,
          kind,
          person: { name: personName(r), phone: phone(r), idNumber: residentId(r) },
          ...common,
        }
      : kind === 'enterprise'
        ? {
            id: `donor-${i + 1}`,
            kind,
            name: `武汉${org}科技有限公司`,
            creditCode: enterpriseCreditCode(r),
            ...common,
          }
        : { id: `donor-${i + 1}`, kind, name: `湖北${org}慈善基金会`, creditCode: creditCode(r), ...common };
  }
}

export function enterpriseCreditCode(r: Rng): string {
  const first17 = `91${DISTRICT.code}MA${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
  return first17 + creditCodeCheck(first17);
}

export function* funds(seed: number, t: Tree, n: number) {
  const r = rng(seed ^ 0x7007);
  for (let i = 0; i < n; i++) {
    const kind = r.pick(['special_development_fund', 'community_foundation', 'project_fund'] as const);
    const c = r.pick(t.communities);
    yield kind === 'community_foundation'
      ? {
          id: `fund-${i + 1}`,
          kind,
          name: `${c.name}基金`,
          districtCode: t.district.code,
          streetCode: c.streetCode,
          communityCode: c.code,
        }
      : {
          id: `fund-${i + 1}`,
          kind,
          name: `${DISTRICT.name}${r.pick(['为老服务', '助学', '扶残', '应急救助'])}${kind === 'project_fund' ? '项目' : '专项'}资金${i + 1}`,
          districtCode: t.district.code,
        };
  }
}

/** Donations refer to donors and funds by their generator ids (`donor-3`, `fund-1`). */
export function* donations(seed: number, t: Tree, n: number, donorCount: number, fundCount: number) {
  const r = rng(seed ^ 0x5005);
  for (let i = 0; i < n; i++) {
    const restricted = r.chance(0.3);
    const kind = r.pick(['money', 'money', 'money', 'goods', 'service'] as const);
    const gift =
      kind === 'money'
        ? { kind, amountFen: r.int(1, 500) * 100 * r.pick([1, 10, 100]) }
        : kind === 'goods'
          ? {
              kind,
              ...r.pick([
                { item: '大米', unit: '袋' },
                { item: '食用油', unit: '桶' },
                { item: '棉被', unit: '床' },
                { item: '轮椅', unit: '台' },
              ]),
              quantity: r.int(1, 200),
            }
          : { kind, service: r.pick(['义诊', '法律咨询', '心理咨询', '家电维修']), hours: r.int(2, 40) };
    const c = restricted ? r.pick(t.communities) : undefined;
    yield {
      id: `donation-${i + 1}`,
      donorId: `donor-${r.int(1, Math.max(1, donorCount))}`,
      ...(fundCount > 0 && r.chance(0.5) ? { fundId: `fund-${r.int(1, fundCount)}` } : {}),
      gift,
      restriction: c ? { communityCode: c.code, purpose: `定向用于${c.name}` } : null,
      districtCode: t.district.code,
      ...(c ? { streetCode: c.streetCode, communityCode: c.code } : {}),
    };
  }
}
