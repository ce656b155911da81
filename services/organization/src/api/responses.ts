import { z } from 'zod';
import { errors, pageSchema } from '@fivesoc/service-kit';

// What organization's routes answer, for fastify's `schema.response` (OpenAPI and the access-matrix test).
// Objects are loose: they name every field a client relies on and let a later field through (the
// serializer would drop a field a plain object does not name).

export { errors };

const place = z.object({ districtCode: z.string(), streetCode: z.string(), communityCode: z.string() });
const registration = z.enum(['none', 'applied', 'pre_approved', 'registered', 'rejected', 'filed']);
const activity = z.string();
const creditStanding = z.string();

/** An organization as a reader sees it: never its legal representative's personal data. */
export const organizationView = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  registration,
  route: z.string().optional(),
  category: z.string().optional(),
  kind: z.string().optional(),
  hub: z.boolean(),
  field: z.string().optional(),
  place: place.optional(),
  creditCode: z.string().optional(),
  registeredAt: z.string().optional(),
  rejectionReason: z.string().optional(),
  activity,
  activitySince: z.string().optional(),
  exitDeadline: z.string().optional(),
  annualReports: z.array(z.looseObject({ year: z.number(), at: z.string() })),
  creditStanding,
  evaluation: z.unknown(),
});

/** A row of the organizations list (the read model's document). */
export const organizationPage = pageSchema(
  z.looseObject({ _id: z.string(), name: z.string().optional(), registration: z.string().optional() }),
);

export const applicationAnswer = z.looseObject({
  id: z.string(),
  registration,
  route: z.string().optional(),
});
export const decisionAnswer = z.looseObject({ id: z.string(), registration });

export const eligibleOrganizationPage = pageSchema(
  z.looseObject({
    _id: z.string(),
    name: z.string(),
    field: z.string().optional(),
    rating: z.string().nullable().optional(),
    eligibilityChecks: z.array(z.unknown()),
  }),
);

export const hubAnswer = z.looseObject({ id: z.string(), hub: z.boolean(), field: z.string().optional() });
export const fieldMemberPage = pageSchema(
  z.looseObject({
    _id: z.string(),
    name: z.string(),
    registration: z.string(),
    activity: z.string().optional(),
    creditStanding: z.string().optional(),
  }),
);

const creditRecord = z.looseObject({
  recordId: z.string(),
  polarity: z.enum(['positive', 'negative']),
  serious: z.boolean(),
  source: z.string(),
  date: z.string(),
  description: z.string(),
});
export const creditRecordAdded = creditRecord;
export const standingAnswer = z.looseObject({ standing: creditStanding });
export const creditArchive = z.looseObject({ standing: creditStanding, records: z.array(creditRecord) });
export const annualReportAnswer = z.looseObject({ year: z.number(), activity });
export const evaluationAnswer = z.looseObject({
  round: z.string(),
  rating: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string(),
});
export const eligibilityAnswer = z.looseObject({
  organizationId: z.string().optional(),
  eligible: z.boolean(),
  checks: z.array(z.object({ rule: z.string(), passed: z.boolean(), reason: z.string() })),
});

const guidanceItem = z.looseObject({ itemId: z.string(), name: z.string(), field: z.string() });
export const draftAnswer = z.looseObject({ draft: z.array(z.string()) });
export const itemDrafted = z.looseObject({ itemId: z.string(), draft: z.array(z.string()) });
export const versionPublished = z.looseObject({
  version: z.number(),
  itemIds: z.array(z.string()),
  at: z.string(),
});
export const guidanceCatalogue = z.looseObject({
  version: z.number(),
  publishedAt: z.string(),
  items: z.array(guidanceItem),
  versions: z.array(z.number()),
});

export const purchasePublished = z.looseObject({
  id: z.string(),
  status: z.string(),
  catalogueVersion: z.number(),
});
export const bidsAnswer = z.looseObject({ bids: z.number() });
export const awardAnswer = z.looseObject({ status: z.string(), awardedTo: z.string().optional() });
export const purchaseStatus = z.looseObject({ status: z.string() });
/** Every field of the project's state (a plain object: the serializer keeps what it names). */
export const purchaseProject = z.object({
  status: z.string(),
  place: place.optional(),
  budgetFen: z.number().optional(),
  bidDeadline: z.string().optional(),
  bids: z.array(z.object({ organizationId: z.string(), priceFen: z.number() })),
  awardedTo: z.string().optional(),
});

export const referralView = z.looseObject({
  referralId: z.string().optional(),
  caseId: z.string().optional(),
  organizationId: z.string().optional(),
  status: z.string(),
  reason: z.string().optional(),
  version: z.number(),
});

export const legalRepresentative = z.object({ name: z.string(), phone: z.string() });
export const erasureAnswer = z.object({ erased: z.boolean() });

export const schedulerRun = z.looseObject({ applied: z.number(), catalogueChanges: z.unknown() });
