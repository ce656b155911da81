import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';

const id = z.string().min(1).max(100);

/**
 * Duplicate people (issue 15). A merge and its undoing are events on the survivor's person stream
 * (`person-<survivorId>`, where erasures are recorded too); "not a duplicate" is an event on the pair's
 * own stream (`people-pair-<a>+<b>`, the two ids sorted). Nothing personal in clear: ids only.
 */
export const peopleEvents = [
  defineEvent({
    type: 'PeopleMerged',
    description:
      'A person (`mergedId`, of need `mergedNeedId`) was found to be the same resident as `personId`, the survivor: reads of the merged person point to the survivor, and nothing of either is deleted, so an unmerge restores both as they were.',
    version: 1,
    schema: z.strictObject({ personId: id, mergedId: id, mergedNeedId: id }),
  }),
  defineEvent({
    type: 'PeopleUnmerged',
    description: 'A merge was undone: `mergedId` is a person of their own again, as before the merge.',
    version: 1,
    schema: z.strictObject({ personId: id, mergedId: id }),
  }),
  defineEvent({
    type: 'PeopleMarkedDistinct',
    description:
      'Two people offered as possible duplicates are not the same resident: the pair is not offered again.',
    version: 1,
    schema: z.strictObject({ personId: id, otherId: id }),
  }),
];
