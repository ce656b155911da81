import { z } from 'zod';
import { profileShape } from '../domain/volunteer/events.ts';
import { residentIdProblem } from '../domain/volunteer/residentId.ts';
import { idSchema } from '../domain/shared.ts';

export const personalShape = {
  name: z.string().trim().min(1).max(50),
  phone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'must be a phone number'),
  idNumber: z
    .string()
    .max(18)
    .superRefine((v, ctx) => {
      const problem = residentIdProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
};

export const registerBody = z.strictObject({ ...personalShape, ...profileShape });
export const updateBody = z
  .strictObject({ ...profileShape, name: personalShape.name, phone: personalShape.phone })
  .partial();

export const volunteerParams = z.strictObject({ id: idSchema });
export const acceptedSchema = z.object({ id: z.string(), version: z.number() });
